using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.TestKit.Catalogs;

/// <summary>Feature catalogs written through the real accumulator and writer, from seeded random activations.</summary>
public static class SyntheticCatalogs
{
    /// <summary>The roles of a synthetic catalog's tokens, in order (token t has role t mod 3).</summary>
    public static readonly Role[] Roles = [Role.User, Role.Assistant, Role.Persona("spy")];

    /// <summary>
    /// Writes a catalog of <paramref name="features"/> features over 64 tokens (each feature fires on a token with
    /// chance 0.2, System.Random seeded with <paramref name="seed"/>) into <paramref name="directory"/>, with the
    /// given metadata parameters (e.g. "hook", "sae").
    /// </summary>
    public static string Write(string directory, int features, IReadOnlyDictionary<string, string> parameters, string name = "cli-test", int seed = 7)
    {
        var accumulator = new FeatureAccumulator(features, Roles, ["trigger"]);
        var random = new Random(seed);
        for (int t = 0; t < 64; t++)
        {
            var acts = new float[features];
            for (int f = 0; f < features; f++) if (random.NextDouble() < 0.2) acts[f] = (float)random.NextDouble();
            accumulator.AddDense(new TokenMeta(t, t % 3, t / 16, t % 16, 0), acts);
        }
        FeatureCatalogWriter.Write(directory, new CatalogMetadata(name, features, 64, Roles.Select(r => r.ToString()).ToList(), ["trigger"],
            parameters.ToDictionary()), accumulator.Results());
        return directory;
    }
}
