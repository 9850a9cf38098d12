using System.IO.Compression;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Sae.Formats.Numpy;

/// <summary>
/// Reads the arrays of an <c>.npz</c> file (a zip of <c>NAME.npy</c> entries, stored or deflated,
/// as <c>np.savez</c> writes it). Declared sizes are checked before anything is inflated, and no
/// entry is read past its declared size, so a zip bomb or a lying header gives a clear error.
/// </summary>
public static class NpzArchive
{
    public const int MaxEntries = 256;
    /// <summary>Per array; a float32 array this large would not fit a .NET array anyway.</summary>
    public const long MaxEntryBytes = 2L << 30;

    public static IReadOnlyDictionary<string, NpyArray> Read(string path, long maxTotalBytes = 8L << 30)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "file not found");
        ZipArchive zip;
        var stream = File.OpenRead(path);
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidInputFileException(path, $"not a zip archive ({e.Message})");
        }
        using (zip)
        {
            if (zip.Entries.Count > MaxEntries)
                throw new InvalidInputFileException(path, $"{zip.Entries.Count} entries; an npz of SAE weights has at most {MaxEntries}");
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                string name = entry.FullName[..^4];
                if (entry.Length > MaxEntryBytes)
                    throw new InvalidInputFileException(path, $"entry '{entry.FullName}' declares {entry.Length} bytes, over the {MaxEntryBytes >> 20} MiB limit");
                total += entry.Length;
                if (total > maxTotalBytes)
                    throw new InvalidInputFileException(path, $"entries declare more than {maxTotalBytes >> 20} MiB in all");
                var bytes = new byte[entry.Length];
                try
                {
                    using var input = entry.Open();
                    input.ReadExactly(bytes);
                    if (input.ReadByte() != -1)
                        throw new InvalidInputFileException(path, $"entry '{entry.FullName}' holds more bytes than it declares");
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
                {
                    throw new InvalidInputFileException(path, $"entry '{entry.FullName}' is damaged ({e.Message})");
                }
                if (!arrays.TryAdd(name, NpyReader.Read(bytes, path, name)))
                    throw new InvalidInputFileException(path, $"array '{name}' appears twice");
            }
            return arrays;
        }
    }
}
