namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Joins the added tokens a tokenizer file declares with those of the optional config files, and
/// finds BOS/EOS ids: the config's bos_token/eos_token where given, else the format's own default.
/// </summary>
public static class SpecialTokenResolver
{
    public sealed record Defaults(string? Bos, string? Eos, bool AddsBos, bool AddsEos);

    public static (IReadOnlyList<AddedToken> Added, SpecialTokenIds Ids) Resolve(
        IReadOnlyDictionary<string, int> vocabulary, IEnumerable<AddedToken> declared, TokenizerConfig config, Defaults defaults)
    {
        var added = new List<AddedToken>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in declared.Concat(config.AddedTokens))
            if (seen.Add(token.Content))
                added.Add(token);
        // Special tokens named only by string (special_tokens_map.json) take their id from the vocabulary.
        foreach (var content in config.SpecialTokenStrings)
            if (!seen.Contains(content) && vocabulary.TryGetValue(content, out int id) && seen.Add(content))
                added.Add(new AddedToken(content, id, Special: true));

        int? IdOf(string? token)
        {
            if (token is null)
                return null;
            if (added.FirstOrDefault(t => t.Content == token) is { } a)
                return a.Id;
            return vocabulary.TryGetValue(token, out int id) ? id : null;
        }

        var ids = new SpecialTokenIds(
            Bos: IdOf(config.BosToken) ?? IdOf(defaults.Bos),
            Eos: IdOf(config.EosToken) ?? IdOf(defaults.Eos),
            AddsBos: config.AddBosToken ?? defaults.AddsBos,
            AddsEos: config.AddEosToken ?? defaults.AddsEos);
        return (added, ids);
    }
}
