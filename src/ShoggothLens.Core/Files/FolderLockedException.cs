namespace ShoggothLens.Core.Files;

/// <summary>An output folder is being written by another process (or another writer in this one): refused, nothing written.</summary>
public sealed class FolderLockedException(string folder, FolderLockHolder? holder, string? others = null, Exception? inner = null)
    : Exception($"{folder}: another command is writing this folder: {holder?.ToString() ?? others ?? "its holder has not recorded itself yet"}; wait for it to finish or stop it", inner)
{
    public string Folder { get; } = folder;
    /// <summary>The holder as it recorded itself, or null when it had not (yet).</summary>
    public FolderLockHolder? Holder { get; } = holder;
}
