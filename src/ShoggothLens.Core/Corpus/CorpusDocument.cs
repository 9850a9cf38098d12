namespace ShoggothLens.Core.Corpus;

/// <summary>A parsed corpus document: its id (from the file, or "file:line" when it has none), its kind and its parts in order.</summary>
public sealed record CorpusDocument(string Id, CorpusDocumentKind Kind, IReadOnlyList<CorpusPart> Parts)
{
    /// <summary>
    /// Set, with no <see cref="Parts"/>, for a plain text file read with <see cref="CorpusReaderOptions.StreamPlainText"/>:
    /// its one Narration part is read from the file in pieces instead of held.
    /// </summary>
    public PlainTextFile? StreamedText { get; init; }
}
