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

    /// <summary>
    /// A plain text file is checked line by line and comes back as a <see cref="CorpusDocument.StreamedText"/> to be
    /// read in pieces, so that no consumer holds the whole file (harvest sets it: its memory stays flat in file size).
    /// </summary>
    public bool StreamPlainText { get; init; }

    /// <summary>Yield bad records with their problem instead of throwing.</summary>
    public bool SkipBad { get; init; }

    public static CorpusReaderOptions Default { get; } = new();
}
