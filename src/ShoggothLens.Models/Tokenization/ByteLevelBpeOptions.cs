namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// How a byte-level BPE tokenizer splits and merges. AddPrefixSpace puts a space before text that
/// starts a segment (RoBERTa style); IgnoreMerges takes a pre-token whole when the vocabulary has it
/// (Llama 3 style); UnknownId stands in for a byte the vocabulary lacks (else the byte is dropped,
/// as Hugging Face does without an unk_token).
/// </summary>
public sealed record ByteLevelBpeOptions(RegexPreTokenizer PreTokenizer, bool AddPrefixSpace = false,
    bool IgnoreMerges = false, int? UnknownId = null)
{
    public static ByteLevelBpeOptions Gpt2 { get; } = new(RegexPreTokenizer.Gpt2);
}
