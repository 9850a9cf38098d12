namespace ShoggothLens.Core.Corpus;

/// <summary>
/// What a harvest records about one corpus file so that a resumed run or a merge can tell it is
/// the same corpus: its file name (not its path, which differs between machines), size, record
/// count and an XxHash3 of its bytes.
/// </summary>
public sealed record CorpusFileSummary(string Name, long Bytes, long Records, string XxHash3);
