using Ml = Microsoft.ML.Tokenizers;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Byte-level BPE (GPT-2, Qwen2, the organism) encoded by Microsoft.ML.Tokenizers' BpeTokenizer
/// with <c>ByteLevel = true</c>: the package maps bytes to GPT-2's characters, merges by rank and
/// reports offsets, and it reproduces the Hugging Face fixture exactly. What every tokenizer here
/// shares stays ours (<see cref="TextTokenizer"/>: added tokens with lstrip/rstrip/single_word,
/// BOS/EOS, id tables), and so does the regex pre-tokenizer (<see cref="PackagePreTokenizer"/>).
/// Two fixes around the package, each pinned by a test: a token's UTF-16 range is widened to whole
/// characters (the package may end a token between the two halves of an emoji), and lone
/// surrogates are handed to it as U+FFFD, as our encoder and .NET's UTF-8 encoder treat them.
/// </summary>
public sealed class PackageByteLevelBpeTokenizer : TextTokenizer
{
    readonly Ml.BpeTokenizer _bpe;
    readonly bool _addPrefixSpace;

    public PackageByteLevelBpeTokenizer(ByteLevelBpeModel model)
        : base(model.Vocabulary, model.AddedTokens, model.Specials)
    {
        if (WhyNot(model) is { } reason)
            throw new ArgumentException($"Microsoft.ML.Tokenizers cannot encode this model exactly: {reason}", nameof(model));
        _addPrefixSpace = model.Options.AddPrefixSpace;
        _bpe = CreatePackageBpe(model);
    }

    /// <summary>The package's tokenizer for the model (added tokens and prefix space are handled around it).</summary>
    internal static Ml.BpeTokenizer CreatePackageBpe(ByteLevelBpeModel model) =>
        Ml.BpeTokenizer.Create(new Ml.BpeOptions(model.Vocabulary)
        {
            Merges = model.Merges.Select(m => m.Left + " " + m.Right),
            ByteLevel = true,
            PreTokenizer = new PackagePreTokenizer(model.Options.PreTokenizer),
        });

    /// <summary>Why the package would not give Hugging Face's ids for this model; null when it would.</summary>
    public static string? WhyNot(ByteLevelBpeModel model)
    {
        // BpeOptions has no ignore_merges: Llama 3 takes a pre-token whole when the vocabulary has it.
        if (model.Options.IgnoreMerges)
            return "ignore_merges is set (BpeOptions has no such setting)";
        // Without every byte in the vocabulary, Hugging Face drops the byte or writes unk_token; the package does neither the same way.
        for (int b = 0; b < 256; b++)
            if (!model.Vocabulary.ContainsKey(ByteLevelAlphabet.ByteToChar((byte)b).ToString()))
                return $"the vocabulary lacks byte 0x{b:X2}";
        // The package takes merges as "left right" text, so a token holding a space would split wrongly.
        if (model.Merges.Any(m => m.Left.Contains(' ') || m.Right.Contains(' ')))
            return "a merge names a token with a space in it";
        // BpeTokenizer.Create throws on two tokens with one id, and on a merge listed twice; ours accepts both.
        if (model.Vocabulary.Values.Distinct().Count() != model.Vocabulary.Count)
            return "two tokens share an id";
        if (model.Merges.Distinct().Count() != model.Merges.Count)
            return "a merge is listed twice";
        return null;
    }

    protected override void EncodeSegment(string text, TextSegment segment, List<TokenPiece> output)
    {
        // A prefix space (RoBERTa style) is a character of no width at the segment's start.
        bool prefixed = _addPrefixSpace && segment.StartsText && text[segment.Start] != ' ';
        ReadOnlySpan<char> work = text.AsSpan(segment.Start, segment.Length);
        if (WithoutLoneSurrogates(work) is { } replaced)
            work = replaced;
        if (prefixed)
            work = string.Concat(" ", work);
        int shift = prefixed ? segment.Start - 1 : segment.Start;
        foreach (var token in _bpe.EncodeToTokens(work, out _, considerPreTokenization: true, considerNormalization: false))
        {
            var (offset, length) = token.Offset.GetOffsetAndLength(work.Length);
            int start = Math.Max(offset + shift, segment.Start);
            int end = Math.Max(offset + length + shift, segment.Start);
            (start, end) = WholeCharacters(text, segment, start, end);
            output.Add(new TokenPiece(token.Id, IdToToken(token.Id) ?? "", start, end));
        }
    }

    /// <summary>
    /// The text with each lone surrogate as U+FFFD (same length, so offsets hold), or null when it
    /// has none. That is what our encoder and .NET's UTF-8 encoder do; the package writes a lone
    /// high surrogate at the end as its three-byte (WTF-8) form (pinned by a test). Hugging Face
    /// has no answer here: a Python string with a lone surrogate cannot be encoded to UTF-8.
    /// </summary>
    static string? WithoutLoneSurrogates(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
            return null;
        var chars = text.ToArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                i++;
            else if (char.IsSurrogate(chars[i]))
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    /// <summary>Widens a range that cuts a surrogate pair so that it holds the whole character (the TokenPiece convention).</summary>
    internal static (int Start, int End) WholeCharacters(string text, TextSegment segment, int start, int end)
    {
        if (start > segment.Start && start < segment.End && char.IsLowSurrogate(text[start]) && char.IsHighSurrogate(text[start - 1]))
            start--;
        if (end > segment.Start && end < segment.End && char.IsLowSurrogate(text[end]) && char.IsHighSurrogate(text[end - 1]))
            end++;
        return (start, end);
    }

    protected override string DecodeSegment(IReadOnlyList<int> ids, bool startsText) =>
        ids.Count == 0 ? "" : _bpe.Decode(ids);
}
