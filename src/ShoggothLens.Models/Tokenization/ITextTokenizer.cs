namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// A tokenizer that reproduces Hugging Face's ids for a model directory, with character offsets.
/// Added/special tokens written in the text (<c>&lt;|im_start|&gt;</c>, <c>&lt;s&gt;</c>) become their ids.
/// </summary>
public interface ITextTokenizer
{
    /// <summary>One past the largest id the tokenizer knows (model vocabulary plus added tokens).</summary>
    int VocabSize { get; }

    int? BosId { get; }
    int? EosId { get; }

    /// <summary>True where Hugging Face puts BOS in front when asked to add special tokens (Llama-style).</summary>
    bool AddsBos { get; }

    /// <summary>The added tokens matched in text, e.g. <c>&lt;|endoftext|&gt;</c> or <c>&lt;|im_start|&gt;</c>.</summary>
    IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>
    /// Encodes <paramref name="text"/>. No BOS/EOS is added unless <paramref name="addSpecialTokens"/>
    /// is true, and then only what the tokenizer's own convention adds (see <see cref="AddsBos"/>).
    /// </summary>
    IReadOnlyList<TokenPiece> Encode(string text, bool addSpecialTokens = false);

    /// <summary>
    /// Encodes only <c>text[start..end]</c> as a part of the whole text: offsets are into
    /// <paramref name="text"/>, and a start-of-text marker (SentencePiece's dummy prefix '▁', a byte-level
    /// prefix space) is added only where the range starts the text or follows an added token.
    /// Tokens never cross the range's ends, which is how chat roles keep their own tokens.
    /// </summary>
    IReadOnlyList<TokenPiece> EncodeRange(string text, int start, int end);

    /// <summary>Text of the ids; added tokens appear as their content (nothing is skipped).</summary>
    string Decode(IReadOnlyList<int> ids);

    int? TokenToId(string token);
    string? IdToToken(int id);
}
