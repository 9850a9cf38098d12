using System.Globalization;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>Token strings of a catalog: the tokenizer's text of each id (cached), or the id as text without one.</summary>
sealed class TokenStrings(ITextTokenizer? tokenizer)
{
    readonly Dictionary<int, string> _cache = [];

    public string Get(int id)
    {
        if (tokenizer is null || id < 0 || id >= tokenizer.VocabSize) return id.ToString(CultureInfo.InvariantCulture);
        if (!_cache.TryGetValue(id, out var text)) _cache[id] = text = tokenizer.Decode([id]);
        return text;
    }
}
