namespace ShoggothLens.Models.Tokenization;

/// <summary>The type of a SentencePiece vocabulary entry (sentencepiece_model.proto).</summary>
public enum SentencePieceType
{
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

/// <summary>One vocabulary entry of a SentencePiece model; its id is its index.</summary>
public readonly record struct SentencePieceEntry(string Piece, float Score, SentencePieceType Type);

/// <summary>
/// The parts of a SentencePiece <c>tokenizer.model</c> (ModelProto) that encoding needs: the pieces,
/// the trainer's model type and special ids, and the normalizer (a precompiled character map plus
/// whitespace rules).
/// </summary>
public sealed record SentencePieceModel
{
    /// <summary>TrainerSpec.ModelType values.</summary>
    public const int Unigram = 1, Bpe = 2, Word = 3, Char = 4;

    public required IReadOnlyList<SentencePieceEntry> Pieces { get; init; }
    public int ModelType { get; init; } = Unigram;
    public bool ByteFallback { get; init; }
    public bool TreatWhitespaceAsSuffix { get; init; }
    public int UnkId { get; init; }
    public int BosId { get; init; } = 1;
    public int EosId { get; init; } = 2;
    public int PadId { get; init; } = -1;

    public string NormalizerName { get; init; } = "";
    public byte[] PrecompiledCharsMap { get; init; } = [];
    public bool AddDummyPrefix { get; init; } = true;
    public bool RemoveExtraWhitespaces { get; init; } = true;
    public bool EscapeWhitespaces { get; init; } = true;
}
