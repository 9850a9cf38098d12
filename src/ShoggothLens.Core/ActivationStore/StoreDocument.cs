namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A corpus document as the store knows it: its record index (the document id stored with each
/// token), its id from the corpus, and where it came from (index into the manifest's corpus
/// list, 1-based line).
/// </summary>
public sealed record StoreDocument(long Index, string Id, int File, long Line);
