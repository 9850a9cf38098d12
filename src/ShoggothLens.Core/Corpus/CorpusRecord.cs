namespace ShoggothLens.Core.Corpus;

/// <summary>
/// One record of a corpus: a non-blank line of a JSONL file, or a whole plain text file.
/// <see cref="Index"/> counts records across all corpus files in the order given, bad ones
/// included, so that a record keeps its index whether or not bad records are skipped; it is the
/// document id stored with every activation. Exactly one of <see cref="Document"/> and
/// <see cref="Problem"/> is set (Problem only when bad records are skipped).
/// </summary>
public sealed record CorpusRecord(long Index, int FileIndex, string Path, long Line, CorpusDocument? Document, string? Problem)
{
    public bool IsBad => Document is null;

    /// <summary>"path:line", for messages.</summary>
    public string Location => $"{Path}:{Line}";
}
