namespace ShoggothLens.Models.Harvest;

/// <summary>Window <see cref="Index"/> of a document: its tokens [Start, Start + Length), at most the context length.</summary>
public sealed record HarvestWindow(TokenizedDocument Document, int Index, int Start, int Length);
