namespace ShoggothLens.Core.Formats;

/// <summary>
/// A file a user gave us is missing, truncated, hostile or not what it claims to be.
/// The message names the file and the problem; the CLI prints it and exits non-zero.
/// </summary>
public sealed class InvalidInputFileException : Exception
{
    public InvalidInputFileException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        FilePath = path;
        Problem = problem;
    }

    public string FilePath { get; }
    public string Problem { get; }

    /// <summary>
    /// The option that would resolve the conflict, when there is one (e.g. <c>Overwrite</c> for a folder that holds
    /// another build), named as the options record spells it; a front end points at its own control for it.
    /// </summary>
    public string? Option { get; init; }
}
