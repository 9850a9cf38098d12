using MessagePack;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Catalog.Wire;
using ShoggothLens.Core.Roles;
using ShoggothLens.Core.Tests.ActivationStore;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Core.Tests.Analysis;

/// <summary>
/// The catalog fields beyond the scores (context windows, interval groups, co-activation, logit effects, decoder
/// neighbours, persona vectors), each against a brute-force recomputation on small data, and the resumable pass.
/// </summary>
public sealed class CatalogFieldsTests
{
    static void Near(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");

    static readonly Role[] Roles = [Role.Template, Role.User, Role.Assistant, Role.Narration, Role.Persona("spy"), Role.Persona("cook")];

    sealed record Tok(TokenMeta Meta, float[] Acts);

    static List<Tok> RandomTokens(int seed, int features, int documents, double density = 0.3)
    {
        var random = new Random(seed);
        var tokens = new List<Tok>();
        long index = 0;
        for (int d = 0; d < documents; d++)
        {
            int length = random.Next(3, 30);
            for (int p = 0; p < length; p++)
            {
                var acts = new float[features];
                for (int f = 0; f < features; f++)
                    if (random.NextDouble() < density) acts[f] = (float)(random.NextDouble() * (f + 1) * 2);
                tokens.Add(new Tok(new TokenMeta(index++, random.Next(Roles.Length), d, p, 0), acts));
            }
        }
        return tokens;
    }

    [Fact]
    public void IntervalGroupsCountEveryTokenAndSampleTheLowestKeysOfEachInterval()
    {
        const int features = 5;
        var options = new FeatureAnalysisOptions { QuantileGroups = 7, QuantileExamples = 4, QuantileSeed = 17 };
        var tokens = RandomTokens(3, features, 60);
        var forward = new FeatureAccumulator(features, Roles, [], options);
        foreach (var t in tokens) forward.AddDense(t.Meta, t.Acts);
        // Documents in reverse order: the samples depend only on the set of tokens.
        var backward = new FeatureAccumulator(features, Roles, [], options);
        foreach (var doc in tokens.GroupBy(t => t.Meta.Document).Reverse())
            foreach (var t in doc) backward.AddDense(t.Meta, t.Acts);
        var keys = new IntervalSampler(features, options.HistogramBins, options.QuantileExamples, options.QuantileSeed);

        for (int f = 0; f < features; f++)
        {
            var groups = forward.IntervalGroups(f);
            var firing = tokens.Where(t => t.Acts[f] > 0).ToList();
            Assert.Equal(firing.Count, groups.Sum(g => g.Contains));
            Assert.InRange(groups.Count, 1, options.QuantileGroups);
            float max = firing.Max(t => t.Acts[f]);
            Assert.True(groups[^1].Max > max && groups[^1].Min <= max);
            double width = groups[0].Max - groups[0].Min;
            foreach (var g in groups)
            {
                Assert.Equal(width, g.Max - g.Min, 9);   // equal-width intervals
                var inside = firing.Where(t => t.Acts[f] >= g.Min && t.Acts[f] < g.Max).ToList();
                Assert.Equal(inside.Count, g.Contains);
                var expected = inside.OrderBy(t => keys.Key(f, t.Meta.Token)).ThenBy(t => t.Meta.Token).Take(options.QuantileExamples)
                    .OrderByDescending(t => t.Acts[f]).ThenBy(t => t.Meta.Token).Select(t => (t.Meta.Token, t.Acts[f])).ToList();
                Assert.Equal(expected, g.Samples.Select(s => (s.Token, s.Activation)).ToList());
            }
            var other = backward.IntervalGroups(f);
            Assert.Equal(groups.Select(g => (g.Min, g.Max, g.Contains, string.Join(",", g.Samples.Select(s => s.Token)))),
                other.Select(g => (g.Min, g.Max, g.Contains, string.Join(",", g.Samples.Select(s => s.Token)))));
        }
    }

    static List<int> TopM(float[] acts, int m) => Enumerable.Range(0, acts.Length).Where(f => acts[f] > 0)
        .OrderByDescending(f => acts[f]).ThenBy(f => f).Take(m).ToList();

    [Fact]
    public void CoActivationCountsAndJaccardMatchBruteForce()
    {
        const int features = 9, m = 4;
        var tokens = RandomTokens(5, features, 50, density: 0.45);
        var counter = new CoActivationCounter(features, m, capacity: features);
        foreach (var t in tokens)
        {
            var ids = Enumerable.Range(0, features).Where(f => t.Acts[f] > 0).ToArray();
            counter.Add(ids, ids.Select(f => t.Acts[f]).ToArray());
        }
        var sets = tokens.Select(t => TopM(t.Acts, m)).ToList();
        for (int f = 0; f < features; f++)
        {
            long nf = sets.Count(s => s.Contains(f));
            Assert.Equal(nf, counter.TopMCount(f));
            var expected = new List<FeatureLink>();
            for (int g = 0; g < features; g++)
            {
                if (g == f) continue;
                long c = sets.Count(s => s.Contains(f) && s.Contains(g));
                Assert.Equal(c, counter.Partners(f).GetValueOrDefault(g));
                if (c > 0) expected.Add(new FeatureLink(g, c / (double)(nf + sets.Count(s => s.Contains(g)) - c)));
            }
            expected = expected.OrderByDescending(l => l.Value).ThenBy(l => l.Feature).Take(3).ToList();
            Assert.Equal(expected, counter.Top(f, 3));
        }

        // m ≥ L0: the Jaccard index of the whole firing sets.
        var all = new CoActivationCounter(features, features, features);
        foreach (var t in tokens)
        {
            var ids = Enumerable.Range(0, features).Where(f => t.Acts[f] > 0).ToArray();
            all.Add(ids, ids.Select(f => t.Acts[f]).ToArray());
        }
        int a = 2, b = 6;
        double both = tokens.Count(t => t.Acts[a] > 0 && t.Acts[b] > 0), either = tokens.Count(t => t.Acts[a] > 0 || t.Acts[b] > 0);
        Assert.Equal(both / either, all.Top(a, features).Single(l => l.Feature == b).Value, 12);
    }

    [Fact]
    public void CoActivationWithASmallCapacityKeepsTheHeavyPartnersWithinItsErrorBound()
    {
        const int features = 40, capacity = 6;
        var random = new Random(9);
        var counter = new CoActivationCounter(features, topM: 3, capacity);
        var truth = new long[features];
        long n0 = 0;
        for (int t = 0; t < 4000; t++)
        {
            // Feature 0 always fires with a strong partner 1 or 2 half the time, and one random other.
            int partner = random.NextDouble() < 0.5 ? 1 + random.Next(2) : 3 + random.Next(features - 3);
            int noise = 3 + random.Next(features - 3);
            var ids = new[] { 0, partner, noise }.Distinct().ToArray();
            counter.Add(ids, ids.Select(i => 1f + i * 0.001f).ToArray());
            n0++;
            foreach (int g in ids) if (g != 0) truth[g]++;
        }
        Assert.Equal(n0, counter.TopMCount(0));
        var table = counter.Partners(0);
        Assert.True(table.Count <= capacity);
        foreach (int heavy in new[] { 1, 2 })
        {
            Assert.True(truth[heavy] > n0 / capacity);
            Assert.True(table.ContainsKey(heavy), $"heavy partner {heavy} lost");
            Assert.InRange(table[heavy], truth[heavy], truth[heavy] + n0 / capacity);
        }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 5)]
    [InlineData(3, 9)]
    [InlineData(4, 17)]
    public void CoActivationTablesEqualPlainSpaceSavingEvenWhenFull(int seed, int capacity)
    {
        // The counter's tables (hashed slots, a heap built when a table fills) must keep exactly what the plain
        // algorithm keeps: on a miss in a full table the partner with the smallest count (ties: the largest id) gives
        // its place and count + 1 to the newcomer. Skewed ids make some partners heavy and most tables overflow.
        const int features = 120, m = 6;
        var random = new Random(seed);
        var counter = new CoActivationCounter(features, m, capacity);
        var plain = new Dictionary<int, long>?[features];
        for (int t = 0; t < 3000; t++)
        {
            var ids = Enumerable.Range(0, m).Select(_ => (int)(features * Math.Pow(random.NextDouble(), 2))).Distinct().ToArray();
            var values = ids.Select(_ => (float)random.NextDouble() + 0.01f).ToArray();
            counter.Add(ids, values);
            // Within a token, partners are counted strongest first (the order of the counter's top-m list).
            var strongestFirst = ids.Zip(values).OrderByDescending(p => p.Second).ThenBy(p => p.First).Select(p => p.First).ToArray();
            foreach (int f in strongestFirst)
            {
                var table = plain[f] ??= [];
                foreach (int g in strongestFirst)
                {
                    if (g == f) continue;
                    if (table.TryGetValue(g, out long c)) table[g] = c + 1;
                    else if (table.Count < capacity) table[g] = 1;
                    else
                    {
                        var victim = table.OrderBy(p => p.Value).ThenByDescending(p => p.Key).First();
                        table.Remove(victim.Key);
                        table[g] = victim.Value + 1;
                    }
                }
            }
        }
        int full = 0;
        for (int f = 0; f < features; f++)
        {
            var expected = plain[f] ?? [];
            var actual = counter.Partners(f);
            Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
            if (expected.Count == capacity) full++;
        }
        Assert.True(full > features / 2, $"only {full} tables filled: the test would not reach the victim path");
    }

    [Fact]
    public void ContextWindowsAreTheDocumentsTokensAroundTheExample()
    {
        const int features = 3, before = 4, after = 2;
        var tokens = RandomTokens(7, features, 30);
        var builder = new ContextWindowBuilder(tokens.Count, before, after);
        var random = new Random(2);
        var requests = new List<(int Id, int Feature, long Token)>();
        for (int i = 0; i < 40; i++)
        {
            int f = random.Next(features);
            long t = random.Next(tokens.Count);
            requests.Add((builder.Request(f, t, tokens[(int)t].Acts[f]), f, t));
        }
        builder.Freeze();
        foreach (var (start, end) in builder.Ranges)
            for (long t = start; t < end; t++)
            {
                var m = tokens[(int)t].Meta;
                builder.Add(t, 1000 + (int)t, m.RoleId, m.Document, m.Position, tokens[(int)t].Acts);
            }
        foreach (var (id, f, t) in requests)
        {
            var w = builder.Window(id, Roles, i => $"<{i}>");
            var center = tokens[(int)t].Meta;
            var expected = tokens.Where(x => x.Meta.Document == center.Document && x.Meta.Token >= t - before && x.Meta.Token <= t + after).ToList();
            Assert.Equal(expected.Select(x => 1000 + (int)x.Meta.Token), w.TokenIds);
            Assert.Equal(expected.Select(x => $"<{1000 + x.Meta.Token}>"), w.Tokens);
            Assert.Equal(expected.Select(x => x.Acts[f]), w.Activations);
            Assert.Equal(expected.Select(x => Roles[x.Meta.RoleId].ToString()), w.Roles);
            Assert.Equal(expected.FindIndex(x => x.Meta.Token == t), w.QualifyingIndex);
            Assert.Equal(center.Document, w.Document);
            Assert.Equal(center.Position, w.Position);
            Assert.Equal(tokens[(int)t].Acts[f], w.Activation);
        }
    }

    static float[] RandomMatrix(Random random, int rows, int cols) =>
        Enumerable.Range(0, rows * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    [Fact]
    public void LogitEffectsAreTheCentredUnembeddingOfTheScaledUnitDecoder()
    {
        const int features = 7, dIn = 5, vocab = 37;
        var random = new Random(11);
        var decoder = RandomMatrix(random, features, dIn);
        var unembedding = RandomMatrix(random, vocab, dIn);
        var gamma = Enumerable.Range(0, dIn).Select(i => 0.5f + i * 0.25f).ToArray();
        var unit = FeatureDirections.UnitRows(decoder, features, dIn);
        var effects = FeatureDirections.LogitEffects(unit, features, gamma, new ManagedRowProducts(unembedding, vocab, dIn), i => $"t{i}", tokens: 4, bins: 6, block: 3);
        for (int f = 0; f < features; f++)
        {
            double norm = Math.Sqrt(Enumerable.Range(0, dIn).Sum(i => (double)decoder[f * dIn + i] * decoder[f * dIn + i]));
            var logits = Enumerable.Range(0, vocab).Select(v => Enumerable.Range(0, dIn).Sum(i => unembedding[v * dIn + i] * gamma[i] * decoder[f * dIn + i] / norm)).ToArray();
            double mean = logits.Average();
            var centred = logits.Select(l => l - mean).ToArray();
            var e = effects[f];
            var top = Enumerable.Range(0, vocab).OrderByDescending(v => centred[v]).Take(4).ToArray();
            var bottom = Enumerable.Range(0, vocab).OrderBy(v => centred[v]).Take(4).ToArray();
            Assert.Equal(top, e.Top.Select(t => t.TokenId));
            Assert.Equal(bottom, e.Bottom.Select(t => t.TokenId));
            Assert.Equal(top.Select(v => $"t{v}"), e.Top.Select(t => t.Token));
            for (int i = 0; i < 4; i++) Near(centred[top[i]], e.Top[i].Value, 1e-4);
            Near(centred.Min(), e.HistogramMin, 1e-4);
            Near((centred.Max() - centred.Min()) / 6, e.HistogramBinWidth, 1e-4);
            Assert.Equal(vocab, e.Histogram.Sum());
            var expected = new int[6];
            foreach (double c in centred) expected[Math.Clamp((int)((c - e.HistogramMin) / e.HistogramBinWidth), 0, 5)]++;
            Assert.Equal(expected, e.Histogram);
        }
    }

    [Fact]
    public void DecoderNeighboursAreTheLargestCosinesExceptSelf()
    {
        const int features = 23, dIn = 4;
        var random = new Random(4);
        var decoder = RandomMatrix(random, features, dIn);
        decoder.AsSpan(5 * dIn, dIn).CopyTo(decoder.AsSpan(9 * dIn, dIn));   // an exact duplicate: cosine 1
        for (int i = 0; i < dIn; i++) decoder[9 * dIn + i] *= 3;
        var unit = FeatureDirections.UnitRows(decoder, features, dIn);
        var neighbours = FeatureDirections.Neighbours(unit, features, new ManagedRowProducts(unit, features, dIn), k: 3, block: 5);
        for (int f = 0; f < features; f++)
        {
            var expected = Enumerable.Range(0, features).Where(g => g != f)
                .Select(g => (g, RoleMeans.Cosine(decoder.AsSpan(f * dIn, dIn), decoder.AsSpan(g * dIn, dIn))))
                .OrderByDescending(x => x.Item2).ThenBy(x => x.g).Take(3).ToList();
            // Features 5 and 9 point the same way, so their cosines with any other feature tie (up to rounding):
            // compare the values in order, and each returned feature's own cosine.
            Assert.Equal(3, neighbours[f].Count);
            Assert.DoesNotContain(f, neighbours[f].Select(l => l.Feature));
            for (int i = 0; i < 3; i++)
            {
                Near(expected[i].Item2, neighbours[f][i].Value, 1e-5);
                int g = neighbours[f][i].Feature;
                Near(RoleMeans.Cosine(decoder.AsSpan(f * dIn, dIn), decoder.AsSpan(g * dIn, dIn)), neighbours[f][i].Value, 1e-5);
            }
        }
        Assert.Equal(9, neighbours[5][0].Feature);
        Near(1.0, neighbours[5][0].Value, 1e-5);
    }

    [Fact]
    public void PersonaVectorsAreRoleMeansMinusTheAssistantMean()
    {
        const int d = 3;
        var random = new Random(8);
        var means = new RoleMeans(Roles, d);
        var rows = new List<(int Role, float[] X)>();
        for (int i = 0; i < 200; i++)
        {
            int role = random.Next(Roles.Length);
            var x = Enumerable.Range(0, d).Select(k => (float)(random.NextDouble() + role * (k + 1))).ToArray();
            rows.Add((role, x));
            means.Add(role, x);
        }
        var vectors = means.Vectors();
        Assert.Equal(["Narration", "spy", "cook"], vectors.Select(v => v.Persona));
        double[] Mean(int role) => Enumerable.Range(0, d).Select(k => rows.Where(r => r.Role == role).Average(r => (double)r.X[k])).ToArray();
        var assistant = Mean(2);
        foreach (var (v, role) in vectors.Zip(new[] { 3, 4, 5 }))
        {
            var m = Mean(role);
            for (int k = 0; k < d; k++) Near(m[k] - assistant[k], v.Vector[k], 1e-5);
            Assert.Equal(rows.Count(r => r.Role == role), v.Tokens);
        }
        var row = new float[] { 1, -2, 0.5f };
        var cosines = RoleMeans.Cosines(row, vectors);
        Near(row.Zip(vectors[1].Vector).Sum(p => (double)p.First * p.Second) / Math.Sqrt(5.25) / vectors[1].Norm, cosines[1].Cosine, 1e-5);
    }

    // ---- The passes over a real store, with a small ReLU encoder -------------------------------------------

    const int Features = 6;

    static SaeEncoder ReluEncoder(int dIn, out float[] weights, out float[] bias)
    {
        var random = new Random(21);
        var w = RandomMatrix(random, Features, dIn);
        var b = Enumerable.Range(0, Features).Select(_ => (float)(random.NextDouble() * -10)).ToArray();
        weights = w; bias = b;
        return (x, n, codes) =>
        {
            for (int t = 0; t < n; t++)
                for (int f = 0; f < Features; f++)
                {
                    float s = b[f];
                    for (int i = 0; i < dIn; i++) s += x[t * dIn + i] * w[f * dIn + i];
                    codes[t * Features + f] = Math.Max(0, s);
                }
        };
    }

    static byte[] Catalog(StoreAnalysis analysis, ActivationStoreReader store)
    {
        var assembly = CatalogAssembly.Plan(analysis.Main, store.Tokens);
        analysis.ContextWindows(assembly.Windows);
        var directions = new CatalogAssembly.Directions(null, null, null, 0, analysis.Means.Vectors());
        return MessagePackSerializer.Serialize(assembly.Results(directions, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Select(CatalogWireMapping.ToWire).ToList(), CatalogFormat.WriteOptions);
    }

    [Fact]
    public void TheStorePassesFillEveryWindowWithTheEncodersActivations()
    {
        using var folder = new StoreFolder();
        var harvest = new SyntheticHarvest(records: 50, dModel: 6, chunkTokens: 40);
        string path = folder.Path("store");
        harvest.Write(path);
        var store = ActivationStoreReader.Open(path);
        string hook = store.Hooks[0];
        var encode = ReluEncoder(store.DModel, out _, out _);
        var options = new FeatureAnalysisOptions { TopExamples = 3, ContextBefore = 3, ContextAfter = 2, QuantileGroups = 4, QuantileExamples = 2 };
        var analysis = new StoreAnalysis(store, null, hook, Features, encode, batchSize: 16, options);
        analysis.Accumulate();
        var assembly = CatalogAssembly.Plan(analysis.Main, store.Tokens);
        analysis.ContextWindows(assembly.Windows);
        var results = assembly.Results(new CatalogAssembly.Directions(null, null, null, 0, analysis.Means.Vectors()), i => $"#{i}").ToList();

        // Brute force: every token of the store, encoded one at a time.
        var all = new List<(long Token, int Id, int Role, long Doc, int Pos, float[] Code, float[] X)>();
        using (var reader = new SequentialBatchReader(store, hook))
        {
            var batch = new ActivationBatch(1, store.DModel);
            long t = 0;
            while (reader.Next(batch))
            {
                var code = new float[Features];
                encode(batch.Activations.AsSpan(0, store.DModel), 1, code);
                all.Add((t++, batch.TokenIds[0], batch.RoleIds[0], batch.DocumentIndices[0], batch.Positions[0], code, batch.Activations[..store.DModel]));
            }
        }
        int checkedWindows = 0;
        foreach (var r in results)
        {
            int f = r.Feature;
            Assert.Equal(r.TopExamples.Count, r.TopContexts!.Count);
            var windows = r.TopContexts.Concat(r.QuantileGroups!.SelectMany(g => g.Examples)).ToList();
            foreach (var (example, window) in r.TopExamples.Zip(r.TopContexts))
            {
                Assert.Equal(example.Activation, window.Activation);
                Assert.Equal(example.Document, window.Document);
                Assert.Equal(example.Position, window.Position);
            }
            foreach (var w in windows)
            {
                var center = all.Single(a => a.Doc == w.Document && a.Pos == w.Position);
                var expected = all.Where(a => a.Doc == w.Document && a.Token >= center.Token - 3 && a.Token <= center.Token + 2).ToList();
                Assert.Equal(expected.Select(a => a.Id), w.TokenIds);
                Assert.Equal(expected.Select(a => $"#{a.Id}"), w.Tokens);
                Assert.Equal(expected.Select(a => a.Code[f]), w.Activations);
                Assert.Equal(expected.Select(a => store.Roles[a.Role].ToString()), w.Roles);
                Assert.Equal(center.Code[f], w.Activations[w.QualifyingIndex]);
                checkedWindows++;
            }
            Assert.Equal(all.Count(a => a.Code[f] > 0), r.QuantileGroups!.Sum(g => g.Contains));
            foreach (var g in r.QuantileGroups!)
                Assert.All(g.Examples, e => Assert.InRange(e.Activation, g.Min, g.Max));
        }
        Assert.True(checkedWindows > 20, $"only {checkedWindows} windows");

        // Persona vectors from the raw store rows.
        var vectors = analysis.Means.Vectors();
        int assistantRole = store.Roles.ToList().IndexOf(Role.Assistant);
        foreach (var v in vectors)
        {
            int role = store.Roles.ToList().FindIndex(r => r.ToString() == v.Role);
            for (int k = 0; k < store.DModel; k++)
            {
                double expected = all.Where(a => a.Role == role).Average(a => (double)a.X[k]) - all.Where(a => a.Role == assistantRole).Average(a => (double)a.X[k]);
                Near(expected, v.Vector[k], 1e-4);
            }
        }
        Assert.Contains(vectors, v => v.Persona == "spy");
    }

    [Fact]
    public void AnInterruptedPassResumesFromItsCheckpointToTheSameCatalog()
    {
        using var folder = new StoreFolder();
        var harvest = new SyntheticHarvest(records: 80, dModel: 6, chunkTokens: 30);
        string path = folder.Path("store"), checkpoint = folder.Path("analyze.checkpoint");
        harvest.Write(path);
        var store = ActivationStoreReader.Open(path);
        var compare = ActivationStoreReader.Open(path);
        var options = new FeatureAnalysisOptions { TopExamples = 4, QuantileExamples = 3 };
        StoreAnalysis Make() => new(store, compare, store.Hooks[0], Features, ReluEncoder(store.DModel, out _, out _), 8, options)
        {
            CheckpointPath = checkpoint,
            CheckpointKey = "key",
            CheckpointTokens = 60,
        };

        var whole = new StoreAnalysis(store, compare, store.Hooks[0], Features, ReluEncoder(store.DModel, out _, out _), 8, options);
        whole.Accumulate();
        byte[] expected = Catalog(whole, store);

        int resumes = 0;
        bool finished = false;
        while (!finished)
        {
            using var stop = new CancellationTokenSource();
            var analysis = Make();
            // Stop right after the first checkpoint this run writes.
            var stopAfterFirst = new InlineProgress<WorkProgress>(p => { if (p.Kind == WorkEventKind.Checkpoint) stop.Cancel(); });
            try
            {
                analysis.Accumulate(stopAfterFirst, stop.Token);
                finished = true;
                Assert.Equal(expected, Catalog(analysis, store));
                Assert.Equal(MessagePackSerializer.Serialize(whole.Compared!.Results().Select(CatalogWireMapping.ToWire).ToList(), CatalogFormat.WriteOptions),
                    MessagePackSerializer.Serialize(analysis.Compared!.Results().Select(CatalogWireMapping.ToWire).ToList(), CatalogFormat.WriteOptions));
            }
            catch (OperationCanceledException) { resumes++; }
            if (resumes > 0 && !finished) Assert.True(File.Exists(checkpoint));
        }
        Assert.True(resumes > 3, $"only {resumes} interruptions");

        // A checkpoint of other inputs is not resumed.
        var renamed = new StoreAnalysis(store, compare, store.Hooks[0], Features, ReluEncoder(store.DModel, out _, out _), 8, options)
        { CheckpointPath = checkpoint, CheckpointKey = "other" };
        Assert.NotNull(renamed.Accumulate());
        Assert.Null(renamed.ResumedFrom);
        Assert.Equal(expected, Catalog(renamed, store));
    }
}
