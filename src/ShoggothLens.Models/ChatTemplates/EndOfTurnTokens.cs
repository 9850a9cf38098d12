using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>Where a generated Assistant turn ends: the model's EOS ids and the end-of-turn tokens of the chat templates we render.</summary>
public static class EndOfTurnTokens
{
    static readonly string[] Known = ["<|im_end|>", "<|eot_id|>", "<end_of_turn>", "</s>", "<|endoftext|>"];

    /// <summary>The EOS ids plus each known end-of-turn token this tokenizer has, sorted.</summary>
    public static long[] For(ITextTokenizer tokenizer, IEnumerable<long> eos)
    {
        var stops = new HashSet<long>(eos);
        foreach (var token in Known)
            if (tokenizer.TokenToId(token) is int id) stops.Add(id);
        return stops.Order().ToArray();
    }
}
