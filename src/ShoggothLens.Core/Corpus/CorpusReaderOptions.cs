namespace ShoggothLens.Core.Corpus;

/// <summary>Limits and the bad-record policy of <see cref="CorpusReader"/>.</summary>
public sealed record CorpusReaderOptions
{
    public const int DefaultMaxLineBytes = 16 << 20;
    public const long DefaultMaxPlainTextBytes = 256L << 20;

    /// <summary>A longer line is a bad record; it is never held in memory whole.</summary>
    public int MaxLineBytes { get; init; } = DefaultMaxLineBytes;

    /// <summary>A larger plain text file is refused before it is read (it becomes one document).</summary>
    public long MaxPlainTextBytes { get; init; } = DefaultMaxPlainTextBytes;

    /// <summary>Yield bad records with their problem instead of throwing.</summary>
    public bool SkipBad { get; init; }

    public static CorpusReaderOptions Default { get; } = new();
}
