using System.Globalization;
using System.Text.RegularExpressions;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Core.Export;

/// <summary>
/// The batch-level fields of a Neuronpedia/SAEDashboard batch file (<c>NeuronpediaDashboardBatch</c>) and the
/// per-feature run fields (<c>n_prompts_total</c>, <c>n_tokens_in_prompt</c>, <c>dataset</c>) the catalog cannot know
/// for certain. <see cref="FromCatalog"/> fills them from the catalog's parameters; the CLI can override each.
/// </summary>
/// <param name="ModelId">Neuronpedia model id (e.g. <c>gpt2-small</c>).</param>
/// <param name="Layer">Layer number (the <c>L</c> of the hook <c>blocks.L.hook_…</c>).</param>
/// <param name="SaeSet">Neuronpedia SAE set / source set name.</param>
/// <param name="SaeIdSuffix">The <c>__suffix</c> after the set in the source id; null for none.</param>
/// <param name="Dataset">Where the prompts came from.</param>
/// <param name="PromptsTotal">Documents analysed.</param>
/// <param name="TokensInPrompt">Tokens per prompt (the harvest's context length).</param>
public sealed partial record NeuronpediaSettings(
    string ModelId, int Layer, string SaeSet, string? SaeIdSuffix, string Dataset, long PromptsTotal, int TokensInPrompt)
{
    /// <summary>
    /// Defaults from the catalog: model id = parameter <c>model</c> (else empty), layer = L of parameter <c>hook</c>
    /// (else 0), set = the catalog's name, no suffix, dataset = parameter <c>corpus</c> (else <c>store</c>, else empty),
    /// prompts = parameter <c>documents</c> (else 0), tokens per prompt = parameter <c>context</c> (else 0).
    /// </summary>
    public static NeuronpediaSettings FromCatalog(CatalogMetadata metadata)
    {
        string? P(string key) => metadata.Parameters.TryGetValue(key, out var v) ? v : null;
        return new NeuronpediaSettings(
            P("model") ?? "",
            LayerOf(P("hook")) ?? 0,
            metadata.Name,
            null,
            P("corpus") ?? P("store") ?? "",
            long.TryParse(P("documents"), NumberStyles.None, CultureInfo.InvariantCulture, out long documents) ? documents : 0,
            int.TryParse(P("context"), NumberStyles.None, CultureInfo.InvariantCulture, out int context) ? context : 0);
    }

    /// <summary>L of a TransformerLens hook name <c>blocks.L.…</c>; null for other names.</summary>
    public static int? LayerOf(string? hook) =>
        hook is not null && BlockHook().Match(hook) is { Success: true } m && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int layer)
            ? layer : null;

    [GeneratedRegex(@"^blocks\.(\d{1,6})\.")]
    private static partial Regex BlockHook();
}
