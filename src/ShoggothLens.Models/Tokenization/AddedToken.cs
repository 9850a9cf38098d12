namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// A token matched literally in the text before the model tokenizes the rest, as in the
/// <c>added_tokens</c> of a tokenizer.json. LStrip/RStrip swallow the whitespace beside it;
/// SingleWord refuses a match inside a word. Special marks control tokens (BOS, EOS, chat markers).
/// </summary>
public sealed record AddedToken(string Content, int Id, bool Special = true,
    bool LStrip = false, bool RStrip = false, bool SingleWord = false);
