namespace ShoggothLens.Core.Analysis;

/// <summary>A token's metadata as the analysis sees it: global index in the store, role id (index into
/// the analysis role table), document index, position in the document, and label bits.</summary>
public readonly record struct TokenMeta(long Token, int RoleId, long Document, int Position, uint Labels);
