using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Analysis;

/// <summary>
/// Accumulators of consecutive token ranges, appended in order, hold what one pass over all tokens holds
/// (issue 14 item 5): every statistic, example, sample, leak document and (while no table fills) co-activation
/// count, compared as the serialized results; with full tables the co-activation counts stay within their bound.
/// </summary>
public sealed class ShardMergeTests
{
    static readonly Role[] Roles = [Role.Template, Role.User, Role.Assistant, Role.Narration, Role.Persona("spy"), Role.Persona("cook")];
    static readonly string[] Labels = ["trigger", "motive"];

    sealed record Tok(TokenMeta Meta, float[] Acts);

    /// <summary>Documents of 5–40 tokens; activations spread over several orders of magnitude so histograms widen differently per shard.</summary>
    static List<Tok> RandomTokens(int seed, int features, int documents)
    {
        var random = new Random(seed);
        var tokens = new List<Tok>();
        long index = 0;
        for (int d = 0; d < documents; d++)
        {
            int length = random.Next(5, 40);
            for (int p = 0; p < length; p++)
            {
                var acts = new float[features];
                for (int f = 0; f < features; f++)
                    if (random.NextDouble() < 0.15 + 0.04 * f) acts[f] = (float)(random.NextDouble() * Math.Pow(10, random.Next(-3, 3)));
                uint labels = (uint)(random.NextDouble() < 0.1 ? 1 : 0) | (uint)(random.NextDouble() < 0.1 ? 2 : 0);
                tokens.Add(new Tok(new TokenMeta(index++, random.Next(Roles.Length), d * 3 + 7, p, labels), acts));
            }
        }
        return tokens;
    }

    static FeatureAccumulator Accumulate(IEnumerable<Tok> tokens, int features, FeatureAnalysisOptions options)
    {
        var accumulator = new FeatureAccumulator(features, Roles, Labels, options);
        foreach (var t in tokens) accumulator.AddDense(t.Meta, t.Acts);
        return accumulator;
    }

    /// <summary>Everything the catalog takes from an accumulator, as text.</summary>
    static string Everything(FeatureAccumulator a, int f) => JsonSerializer.Serialize(new
    {
        stats = a.Result(f),
        groups = a.IntervalGroups(f).Select(g => new { g.Min, g.Max, g.Contains, samples = g.Samples.Select(s => new { s.Key, s.Token, s.Activation }) }),
        coactivating = a.CoActivation!.Top(f, 10),
        n = a.CoActivation.TopMCount(f),
    }, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });

    /// <summary>Cuts at random token positions (mostly inside documents), the number of parts 1–5.</summary>
    static List<List<Tok>> Split(List<Tok> tokens, int parts, Random random)
    {
        var cuts = Enumerable.Range(0, parts - 1).Select(_ => random.Next(tokens.Count + 1)).Order().ToList();
        var result = new List<List<Tok>>();
        int start = 0;
        foreach (int cut in cuts.Append(tokens.Count))
        {
            result.Add(tokens.GetRange(start, cut - start));
            start = cut;
        }
        return result;
    }

    [Theory]
    [InlineData(1, 256)]
    [InlineData(2, 3)]     // few leak documents: overflow counting across shard boundaries, cut documents
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    public void Shards_appended_in_order_equal_one_pass(int seed, int maxLeakDocuments)
    {
        const int features = 8;
        var options = new FeatureAnalysisOptions { TopExamples = 4, MaxLeakDocuments = maxLeakDocuments, QuantileGroups = 4, QuantileExamples = 3, QuantileSeed = 99 };
        var tokens = RandomTokens(seed, features, 60);
        var whole = Accumulate(tokens, features, options);
        var random = new Random(seed * 31);
        for (int trial = 0; trial < 12; trial++)
        {
            var parts = Split(tokens, 1 + trial % 5, random);
            var merged = Accumulate(parts[0], features, options);
            foreach (var part in parts.Skip(1)) merged.Append(Accumulate(part, features, options));
            Assert.Equal(whole.Tokens, merged.Tokens);
            for (int f = 0; f < features; f++)
                Assert.Equal(Everything(whole, f), Everything(merged, f));
        }
    }

    [Fact]
    public void Sums_are_exact_and_independent_of_order()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 10_000).Select(_ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-6, 4)))).ToArray();
        var forward = new ExactSum();
        foreach (float v in values) forward.Add(v);
        var shuffled = values.ToArray();
        random.Shuffle(shuffled);
        ExactSum first = new(), second = new();
        for (int i = 0; i < shuffled.Length; i++)
            if (i < 3333) first.Add(shuffled[i]); else second.Add(shuffled[i]);
        first.Add(second);
        Assert.Equal(forward, first);
        Assert.Equal(forward.Value, first.Value);
        // Against the exact decimal sum of the same floats: each term rounds by < 2^-56.
        decimal exact = values.Aggregate(0m, (s, v) => s + (decimal)(double)v);
        Assert.True(Math.Abs((double)exact - forward.Value) <= values.Length * Math.ScaleB(1.0, -56) + Math.Abs(forward.Value) * 1e-15,
            $"exact {exact}, summed {forward.Value:R}");
    }

    [Fact]
    public void Coactivation_counts_merged_from_full_tables_stay_within_the_bound()
    {
        // 40 features, top-m 8, 6 counters per feature: every table fills, in every shard.
        const int features = 40, capacity = 6, m = 8;
        var random = new Random(11);
        var rows = new List<(int[] Ids, float[] Values)>();
        for (int t = 0; t < 3000; t++)
        {
            var ids = Enumerable.Range(0, features).Where(f => random.NextDouble() < 0.1 + 0.3 * ((f % 5) == 0 ? 1 : 0)).ToArray();
            rows.Add((ids, ids.Select(_ => (float)random.NextDouble() + 0.01f).ToArray()));
        }
        // Exact counts of the top-m sets.
        var exact = new long[features, features];
        var updates = new long[features];
        foreach (var (ids, values) in rows)
        {
            var top = ids.Zip(values).OrderByDescending(p => p.Second).ThenBy(p => p.First).Take(m).Select(p => p.First).ToArray();
            foreach (int f in top)
            {
                updates[f] += top.Length - 1;
                foreach (int g in top) if (g != f) exact[f, g]++;
            }
        }
        var shards = new[] { rows.Take(700), rows.Skip(700).Take(1500), rows.Skip(2200) }.Select(part =>
        {
            var counter = new CoActivationCounter(features, m, capacity);
            foreach (var (ids, values) in part) counter.Add(ids, values);
            return counter;
        }).ToList();
        var merged = shards[0];
        foreach (var next in shards.Skip(1)) merged.Merge(next);
        int checkedCounts = 0;
        for (int f = 0; f < features; f++)
        {
            Assert.True(merged.Partners(f).Count <= capacity);
            foreach (var (g, count) in merged.Partners(f))
            {
                Assert.True(count >= exact[f, g], $"c({f},{g}) = {exact[f, g]} underestimated as {count}");
                Assert.True(count - exact[f, g] <= updates[f] / capacity, $"c({f},{g}) = {exact[f, g]} overestimated as {count} (bound {updates[f] / capacity})");
                checkedCounts++;
            }
            // Space-Saving's guarantee after the merge: every partner with c > U_f / capacity is kept.
            for (int g = 0; g < features; g++)
                if (exact[f, g] > updates[f] / capacity) Assert.True(merged.Partners(f).ContainsKey(g), $"frequent partner {g} of {f} lost");
        }
        Assert.True(checkedCounts >= features * capacity / 2);
    }
}
