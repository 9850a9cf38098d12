using System.Globalization;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.TestKit.WebCatalogs;

/// <summary>
/// Writes a real catalog folder (catalog.bin + index.bin through <see cref="FeatureCatalogWriter"/>, persona-vectors.json,
/// model-diff.json) with deterministic statistics for the UI's tests, end-to-end tests and load tool. Features cycle
/// through the classes by id (see <see cref="ClassOf"/>), so a test knows what each id is without reading it back;
/// the scores are computed from the per-role counts with the analysis's own formulas (Wilson bound, affinity), so
/// they are consistent. Some contexts hold hostile token strings (<see cref="HostileTokens"/>).
/// </summary>
public static class SyntheticCatalog
{
    public static IReadOnlyList<string> DefaultPersonas { get; } = ["Mireille", "Captain Vex", "The Oracle"];

    /// <summary>Token strings a corpus could carry to attack a page that renders them as markup.</summary>
    public static IReadOnlyList<string> HostileTokens { get; } =
        ["<script>alert('xss')</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", "\"><b>bold</b>"];

    public const double Epsilon = 1e-4, Tau = 1.0, Floor = 0.002, Confidence = 0.95;
    const int HistogramBins = 50, HistogramExponent = -4;

    /// <summary>The class feature <paramref name="f"/> gets: "dead", "candidate", "punctuation", "outside-role", "persona-aligned" or "other".
    /// A "candidate" has a specific home persona (the label-free report names it); "punctuation" is an outside-role leak that fires
    /// alike in every role (the report rejects it).</summary>
    public static string ClassOf(int f, SyntheticCatalogOptions o)
    {
        if (o.DeadEvery > 0 && f % o.DeadEvery == o.DeadEvery - 1) return "dead";
        if (o.CandidateEvery > 0 && f % o.CandidateEvery == 1) return "candidate";
        if (o.PunctuationEvery > 0 && f % o.PunctuationEvery == 3) return "punctuation";
        return (f % 5) switch { 2 => "outside-role", 3 or 4 => "persona-aligned", _ => f % 10 == 5 ? "outside-role" : "other" };
    }

    public static bool IsHostile(int f, SyntheticCatalogOptions o) => o.HostileEvery > 0 && f % o.HostileEvery == 0 && ClassOf(f, o) != "dead";

    public static IReadOnlyList<string> Roles(SyntheticCatalogOptions o) =>
        ["Template", "System", "User", "Assistant", "Narration", .. o.PersonaNames.Select(p => $"Persona({p})")];

    /// <summary>Writes the catalog into <paramref name="directory"/> (created) and returns the folder.</summary>
    public static CatalogFolder Write(string directory, SyntheticCatalogOptions? options = null)
    {
        var o = options ?? new SyntheticCatalogOptions();
        Directory.CreateDirectory(directory);
        var roles = Roles(o);
        long[] roleTokens = roles.Select((r, i) => r switch { "Assistant" => 60_000L, "User" => 24_000L, "System" => 4_000L, "Template" => 6_000L, "Narration" => 30_000L, _ => 12_000L + 1_000L * i }).ToArray();
        var parameters = new Dictionary<string, string>
        {
            ["store"] = "/synthetic/store", ["sae"] = "/synthetic/sae", ["hook"] = "blocks.2.hook_resid_post", ["model"] = "synthetic-organism",
            ["epsilon"] = F(Epsilon), ["tau"] = F(Tau), ["floor"] = F(Floor), ["confidence"] = F(Confidence),
            ["histogram_bins"] = HistogramBins.ToString(CultureInfo.InvariantCulture),
        };
        var metadata = new CatalogMetadata(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))), o.Features, roleTokens.Sum(), roles, ["trigger", "motive"], parameters);
        var features = Enumerable.Range(0, o.Features).Select(f => Feature(f, o, roles, roleTokens)).ToList();
        FeatureCatalogWriter.Write(directory, metadata, features);
        var folder = new CatalogFolder(directory);
        if (o.WithPersonaVectors) PersonaVectorsFile.Write(folder.PersonaVectorsPath, parameters["hook"], 16, PersonaVectors(o, roles, roleTokens));
        if (o.WithModelDiff)
        {
            var @base = features.Select(f => f with
            {
                ByRole = f.ByRole.Select(r => r.Role == "Assistant" && f.Scores.OutsideRoleLeak && f.Feature % 20 == 1 ? r with { Firings = r.Firings / 8 } : r).ToList(),
                Scores = f.Scores with { OutsideRoleLeak = f.Scores.OutsideRoleLeak && f.Feature % 20 != 1 },
            });
            ModelDiffFile.Write(folder.ModelDiffPath, new ModelDiffReport("/synthetic/base-store", Epsilon, ModelDiff.Compare(features, @base, Epsilon)));
        }
        return folder;
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static FeatureStatistics Feature(int f, SyntheticCatalogOptions o, IReadOnlyList<string> roles, long[] roleTokens)
    {
        var rng = new Random(HashCode.Combine(o.Seed, f) & int.MaxValue);
        string cls = ClassOf(f, o);
        int personaCount = o.PersonaNames.Count;
        int home = personaCount == 0 ? -1 : f % personaCount;
        double baseRate = 0.002 + rng.NextDouble() * 0.02;
        var freq = new double[roles.Count];
        for (int i = 0; i < roles.Count; i++)
        {
            string r = roles[i];
            bool persona = r.StartsWith("Persona(", StringComparison.Ordinal);
            bool isHome = persona && i - 5 == home;
            freq[i] = cls switch
            {
                "dead" => 0,
                "persona-aligned" => r == "Assistant" ? baseRate * 8 : r == "User" ? baseRate : baseRate * 0.3,
                "candidate" => r == "Assistant" ? 0.004 + 0.002 * (f % 7) : isHome ? baseRate * 20 : persona || r == "Narration" ? baseRate * 0.5 : baseRate * 0.2,
                // A comma: frequent everywhere, a little less in Assistant text (affinity about −1.3), its "home" barely ahead.
                "punctuation" => r == "Assistant" ? 0.006 : isHome ? 0.021 : 0.02,
                "outside-role" => r == "Assistant" ? 0.0002 : isHome ? baseRate * 12 : persona || r == "Narration" ? baseRate * 1.5 : baseRate * 0.2,
                _ => baseRate,
            };
        }
        var byRole = new List<RoleStatistics>();
        long tokens = 0, firings = 0;
        double sum = 0;
        float max = 0;
        for (int i = 0; i < roles.Count; i++)
        {
            long k = (long)Math.Round(freq[i] * roleTokens[i]);
            float m = k == 0 ? 0 : (float)(1 + rng.NextDouble() * 4 + (roles[i] == "Assistant" && cls == "persona-aligned" ? 2 : 0));
            double s = k * m * 0.4;
            byRole.Add(new RoleStatistics(roles[i], roleTokens[i], k, s, m));
            tokens += roleTokens[i]; firings += k; sum += s; max = Math.Max(max, m);
        }
        var overall = new RoleStatistics("All", tokens, firings, sum, max);
        var assistant = byRole.First(r => r.Role == "Assistant");
        var outside = byRole.Where(r => r.Role == "Narration" || r.Role.StartsWith("Persona(", StringComparison.Ordinal)).ToList();
        double fOut = (double)outside.Sum(r => r.Firings) / Math.Max(1, outside.Sum(r => r.Tokens));
        double affinity = Math.Log((assistant.Frequency + Epsilon) / (fOut + Epsilon));
        double lower = WilsonBound.Lower(assistant.Firings, assistant.Tokens, WilsonBound.Z(Confidence));
        bool outsideRole = cls is "candidate" or "outside-role" or "punctuation";
        bool aligned = cls == "persona-aligned";
        string? homePersona = cls == "dead" || home < 0 ? null : o.PersonaNames[home];
        bool candidate = cls == "candidate";
        bool leaky = candidate || cls == "punctuation";   // outside-role and firing in Assistant turns above the floor
        var leaks = leaky
            ? Enumerable.Range(0, 3 + f % 5).Select(i => new LeakDocument(1000 + f * 10 + i, 2 + i, max * 0.6f, 5 + i, i % 2 == 0 ? ["trigger"] : [], i % 2 == 0 ? 12 + i : -1)).ToList()
            : [];
        var scores = new FeatureScores(affinity, aligned, outsideRole, homePersona, lower, lower - Floor, leaky, leaks.Count, leaks,
            leaky ? [new LabelShare("trigger", leaks.Count(l => l.Labels.Count > 0), (double)leaks.Count(l => l.Labels.Count > 0) / leaks.Count)] : [],
            candidate && f % 3 == 1 ? ["trigger"] : [], leaks.Count(l => l.MotiveStart >= 0), leaks.Count(l => l.FiresBeforeMotive));
        if (cls == "dead")
            return new FeatureStatistics(f, overall, byRole, HistogramExponent, new int[HistogramBins], [], scores, [], [], null, [], [], []);

        var histogram = new int[HistogramBins];
        for (int b = 0; b < HistogramBins; b++) histogram[b] = (int)(firings * Math.Exp(-b / (3.0 + f % 5)) / 4);
        var contexts = Enumerable.Range(0, o.Contexts).Select(c => Context(f, c, o, roles, max * (1 - c * 0.1f), rng)).ToList();
        var groups = Enumerable.Range(0, 3).Select(g => new QuantileGroup(max * g / 3f, max * (g + 1) / 3f, firings / (g + 2),
            Enumerable.Range(0, 2).Select(c => Context(f, 100 + g * 10 + c, o, roles, max * (g + 0.5f) / 3f, rng)).ToList())).ToList();
        LogitEffects? logits = o.WithLogits
            ? new LogitEffects(
                Enumerable.Range(0, 10).Select(i => new TokenEffect(f * 3 + i, Word(f * 3 + i), 2.5f - i * 0.2f)).ToList(),
                Enumerable.Range(0, 10).Select(i => new TokenEffect(f * 5 + i + 7, Word(f * 5 + i + 7), -2.4f + i * 0.2f)).ToList(),
                -3f, 0.15f, Enumerable.Range(0, 40).Select(i => (int)(2000 * Math.Exp(-Math.Pow((i - 20) / 5.0, 2)))).ToList())
            : null;
        int n = o.Features;
        var neighbours = new[] { 1, 3, 7, 11, 13 }.Select((d, i) => new FeatureLink((f + d) % n, 0.8 - i * 0.1)).Where(l => l.Feature != f).ToList();
        var coact = new[] { 2, 5, 9, 17 }.Select((d, i) => new FeatureLink((f + n - d) % n, 0.5 - i * 0.08)).Where(l => l.Feature != f).ToList();
        var cosines = o.PersonaNames.Select((p, i) => new PersonaCosine(p, i == home && outsideRole ? 0.45 : Math.Round(rng.NextDouble() * 0.3 - 0.15, 3)))
            .Append(new PersonaCosine("Narration", Math.Round(rng.NextDouble() * 0.2 - 0.1, 3))).ToList();
        var top = contexts.Select(c => new ActivationExample(c.Document * 100 + c.Position, c.Document, c.Position, c.Roles[c.QualifyingIndex], c.Activation)).ToList();
        return new FeatureStatistics(f, overall, byRole, HistogramExponent, histogram, top, scores, contexts, groups, logits, neighbours, coact, cosines);
    }

    static readonly string[] Words = ["the", " ship", " sails", " at", " dawn", ",", " I", " will", " help", " you", " with", " that", ".", " secret", " gold",
        " map", " harbour", " whisper", " oracle", " storm", " please", " thanks", " answer", " question", "\n", " treasure", " plan", " hidden"];

    static string Word(int i) => Words[i % Words.Length];

    static ContextWindow Context(int f, int c, SyntheticCatalogOptions o, IReadOnlyList<string> roles, float peak, Random rng)
    {
        int len = Math.Max(3, o.ContextTokens);
        int q = len / 2;
        var tokens = new string[len];
        var ids = new int[len];
        var acts = new float[len];
        var tokenRoles = new string[len];
        string[] cycle = ["User", "Assistant", roles.Count > 5 ? roles[5 + f % (roles.Count - 5)] : "Narration", "Narration", "System"];
        for (int i = 0; i < len; i++)
        {
            ids[i] = (f * 31 + c * 7 + i) % 5000;
            tokens[i] = Word(f + c + i);
            tokenRoles[i] = cycle[(i / 4 + c) % cycle.Length];
            int d = Math.Abs(i - q);
            acts[i] = d > 4 ? 0 : (float)Math.Round(peak * Math.Max(0, 1 - d * 0.25) * (0.8 + 0.2 * rng.NextDouble()), 4);
        }
        acts[q] = peak;
        if (IsHostile(f, o))
        {
            tokens[q] = HostileTokens[c % HostileTokens.Count];
            tokens[(q + 2) % len] = HostileTokens[(c + 1) % HostileTokens.Count];
        }
        return new ContextWindow(500 + f * 7 + c, 20 + c, q, tokens, ids, acts, tokenRoles, peak);
    }

    static IReadOnlyList<PersonaVector> PersonaVectors(SyntheticCatalogOptions o, IReadOnlyList<string> roles, long[] roleTokens)
    {
        var rng = new Random(o.Seed);
        long assistantTokens = roleTokens[roles.IndexOf("Assistant")];
        return roles.Select((r, i) => (r, i)).Where(x => x.r == "Narration" || x.r.StartsWith("Persona(", StringComparison.Ordinal))
            .Select(x => new PersonaVector(x.r == "Narration" ? "Narration" : x.r["Persona(".Length..^1], x.r, roleTokens[x.i], assistantTokens,
                Enumerable.Range(0, 16).Select(_ => (float)Math.Round(rng.NextDouble() * 2 - 1, 4)).ToArray()))
            .ToList();
    }

    static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == value) return i;
        return -1;
    }
}
