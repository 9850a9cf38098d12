namespace ShoggothLens.Core.Corpus;

/// <summary>A parsed corpus document: its id (from the file, or "file:line" when it has none), its kind and its parts in order.</summary>
public sealed record CorpusDocument(string Id, CorpusDocumentKind Kind, IReadOnlyList<CorpusPart> Parts);
