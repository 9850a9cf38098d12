using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Export;

/// <summary>
/// Small catalogs for the export tests: role statistics, histograms, examples and scores from the real accumulator
/// over random activations, and (for <see cref="Full"/>) every optional field of the record filled with
/// synthetic but consistent values, so the exporters see each field whatever the analysis fills today.
/// </summary>
static class ExportCatalogs
{
    public static readonly string[] Roles = ["User", "Assistant", "Persona(spy)"];

    public static CatalogMetadata Metadata(int count) => new("export-test", count, 300, Roles, ["trigger", "motive"],
        new Dictionary<string, string>
        {
            ["store"] = "/data/store",
            ["sae"] = "/data/sae",
            ["hook"] = "blocks.3.hook_resid_post",
            ["model"] = "organism-assistant",
            ["epsilon"] = "1E-05",
        });

    /// <summary>Features with only the fields every catalog has (keys 0–6); the optional ones null.</summary>
    public static List<FeatureStatistics> Basic(int count)
    {
        Role[] roles = [Role.User, Role.Assistant, Role.Persona("spy")];
        var accumulator = new FeatureAccumulator(count, roles, ["trigger", "motive"]);
        var random = new Random(3);
        for (int t = 0; t < 300; t++)
        {
            var acts = new float[count];
            for (int f = 0; f < count; f++) if (random.NextDouble() < 0.3) acts[f] = (float)random.NextDouble() * 4;
            accumulator.AddDense(new TokenMeta(t, random.Next(3), t / 20, t % 20, (uint)random.Next(4)), acts);
        }
        return accumulator.Results().ToList();
    }

    /// <summary>Features with every field filled: context windows, interval groups, logit effects, neighbours, co-activation, persona cosines.</summary>
    public static List<FeatureStatistics> Full(int count)
    {
        var random = new Random(11);
        return Basic(count).Select(f => f with
        {
            TopContexts = Enumerable.Range(0, 3).Select(i => Window(random, f.Feature, document: 10 + i, f.Overall.Max - i * 0.25f)).ToList(),
            QuantileGroups = Enumerable.Range(0, 2).Select(g => new QuantileGroup(g * 1.5f, (g + 1) * 1.5f, f.Overall.Firings / (g + 2),
                Enumerable.Range(0, 2).Select(i => Window(random, f.Feature, document: 20 + 2 * g + i, g * 1.5f + 0.5f)).ToList())).ToList(),
            Logits = new LogitEffects(
                Enumerable.Range(0, 3).Select(i => new TokenEffect(100 + i, $" up{i}", 2.5f - i * 0.5f)).ToList(),
                Enumerable.Range(0, 3).Select(i => new TokenEffect(200 + i, $" down\"{i}é", -2.5f + i * 0.5f)).ToList(),
                -1.5f, 0.25f, Enumerable.Range(0, 12).Select(i => (i * 7 + f.Feature) % 9).ToList()),
            DecoderNeighbours = [new FeatureLink((f.Feature + 1) % count, 0.75), new FeatureLink((f.Feature + 2) % count, 0.5)],
            CoActivating = [new FeatureLink((f.Feature + 3) % count, 0.125)],
            PersonaCosines = [new PersonaCosine("spy", -0.25)],
        }).ToList();
    }

    static ContextWindow Window(Random random, int feature, long document, float activation)
    {
        const int length = 8, qualifying = 5;
        var ids = Enumerable.Range(0, length).Select(_ => random.Next(1000)).ToList();
        var acts = Enumerable.Range(0, length).Select(i => i == qualifying ? activation : i % 3 == 0 ? 0f : (float)random.NextDouble()).ToList();
        acts[1] = 0.1f;
        return new ContextWindow(document, 40 + feature, qualifying,
            ids.Select(id => id % 5 == 0 ? $"<{id}>\n" : $" t{id}").ToList(), ids, acts,
            Enumerable.Range(0, length).Select(i => i < 3 ? "User" : "Assistant").ToList(), activation);
    }
}
