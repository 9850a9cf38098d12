using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Analysis;

public sealed class FeatureAccumulatorTests
{
    static readonly Role[] Roles = [Role.Template, Role.User, Role.Assistant, Role.Narration, Role.Persona("spy"), Role.Persona("cook"), Role.System];
    static readonly string[] Labels = ["trigger", "motive"];

    sealed record Tok(TokenMeta Meta, float[] Acts);

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
                    if (random.NextDouble() < 0.2 + 0.05 * f) acts[f] = (float)Math.Round(random.NextDouble() * (f + 1) * 3, 2);
                uint labels = (uint)(random.NextDouble() < 0.1 ? 1 : 0) | (uint)(random.NextDouble() < 0.1 ? 2 : 0);
                tokens.Add(new Tok(new TokenMeta(index++, random.Next(Roles.Length), d * 3 + 7, p, labels), acts));
            }
        }
        return tokens;
    }

    [Fact]
    public void EveryStatisticMatchesABruteForceRecomputation()
    {
        const int features = 6;
        var options = new FeatureAnalysisOptions { TopExamples = 5, HistogramBins = 50, MaxLeakDocuments = 1000 };
        var tokens = RandomTokens(1, features, 30);
        var accumulator = new FeatureAccumulator(features, Roles, Labels, options);
        foreach (var t in tokens) accumulator.AddDense(t.Meta, t.Acts);
        double z = WilsonBound.Z(options.Confidence);

        for (int f = 0; f < features; f++)
        {
            var result = accumulator.Result(f);
            var firing = tokens.Where(t => t.Acts[f] > 0).ToList();
            Assert.Equal(tokens.Count, result.Overall.Tokens);
            Assert.Equal(firing.Count, result.Overall.Firings);
            Assert.Equal(firing.Sum(t => (double)t.Acts[f]), result.Overall.Sum, 9);
            Assert.Equal(firing.Max(t => t.Acts[f]), result.Overall.Max);
            for (int r = 0; r < Roles.Length; r++)
            {
                var inRole = tokens.Where(t => t.Meta.RoleId == r).ToList();
                var s = result.ByRole[r];
                Assert.Equal(Roles[r].ToString(), s.Role);
                Assert.Equal(inRole.Count, s.Tokens);
                Assert.Equal(inRole.Count(t => t.Acts[f] > 0), s.Firings);
                Assert.Equal(inRole.Sum(t => (double)t.Acts[f]) / inRole.Count, s.Mean, 9);
                Assert.Equal(inRole.Select(t => t.Acts[f]).DefaultIfEmpty(0).Max(), s.Max);
            }

            // Histogram: bin ⌊v/W⌋ with W the smallest power of two ≥ 2^-20 such that max < 50W.
            int exponent = DoublingHistogram.ExponentFor(result.Overall.Max, 50);
            Assert.Equal(exponent, result.HistogramExponent);
            var expected = new int[50];
            foreach (var t in firing) expected[Math.Min(49, (int)Math.Floor(t.Acts[f] / Math.ScaleB(1.0, exponent)))]++;
            Assert.Equal(expected, result.Histogram);
            Assert.True(result.Overall.Max < 50 * result.HistogramBinWidth && result.Overall.Max >= 25 * result.HistogramBinWidth);

            // Top examples: the 5 largest, ties to the earlier token.
            var top = firing.OrderByDescending(t => t.Acts[f]).ThenBy(t => t.Meta.Token).Take(5)
                .Select(t => new ActivationExample(t.Meta.Token, t.Meta.Document, t.Meta.Position, Roles[t.Meta.RoleId].ToString(), t.Acts[f])).ToList();
            Assert.Equal(top, result.TopExamples);

            // Scores.
            bool IsAssistant(Tok t) => Roles[t.Meta.RoleId].Kind == RoleKind.Assistant;
            bool IsOutside(Tok t) => Roles[t.Meta.RoleId].Kind is RoleKind.Persona or RoleKind.Narration;
            var assistant = tokens.Where(IsAssistant).ToList();
            var outside = tokens.Where(IsOutside).ToList();
            double fa = (double)assistant.Count(t => t.Acts[f] > 0) / assistant.Count;
            double fo = (double)outside.Count(t => t.Acts[f] > 0) / outside.Count;
            Assert.Equal(Math.Log((fa + 1e-5) / (fo + 1e-5)), result.Scores.AssistantAffinity, 12);
            string home = new[] { "spy", "cook" }
                .Select(p => (p, freq: tokens.Where(t => Roles[t.Meta.RoleId] == Role.Persona(p)).Average(t => t.Acts[f] > 0 ? 1.0 : 0.0)))
                .OrderByDescending(x => x.freq).ThenBy(x => x.p, StringComparer.Ordinal).First().p;
            Assert.Equal(home, result.Scores.HomePersona);
            double lower = WilsonBound.Lower(assistant.Count(t => t.Acts[f] > 0), assistant.Count, z);
            Assert.Equal(lower, result.Scores.AssistantLowerBound, 12);
            Assert.Equal(lower - options.AssistantFloor, result.Scores.HiddenMotiveEvidence, 12);

            // Leak documents.
            var leakDocs = assistant.Where(t => t.Acts[f] > 0).GroupBy(t => t.Meta.Document).ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(leakDocs.Count, result.Scores.LeakDocumentCount);
            Assert.Equal(leakDocs.Count, result.Scores.LeakDocuments.Count);
            foreach (var leak in result.Scores.LeakDocuments)
            {
                var group = leakDocs[leak.Document];
                Assert.Equal(group.Count, leak.Firings);
                Assert.Equal(group.Max(t => t.Acts[f]), leak.Max);
                Assert.Equal(group.Min(t => t.Meta.Position), leak.FirstPosition);
                uint bits = tokens.Where(t => t.Meta.Document == leak.Document).Aggregate(0u, (a, t) => a | t.Meta.Labels);
                Assert.Equal(Labels.Where((_, i) => (bits & (1u << i)) != 0), leak.Labels);
                var motive = tokens.Where(t => t.Meta.Document == leak.Document && (t.Meta.Labels & 2) != 0).Select(t => t.Meta.Position).DefaultIfEmpty(-1).Min();
                Assert.Equal(motive, leak.MotiveStart);
            }
            Assert.Equal(result.Scores.LeakDocuments.Count(l => l.MotiveStart >= 0 && l.FirstPosition < l.MotiveStart), result.Scores.LeaksFiringBeforeMotive);
        }
    }

    [Fact]
    public void ResultsDoNotDependOnDocumentOrder()
    {
        var tokens = RandomTokens(2, 4, 20);
        var forward = new FeatureAccumulator(4, Roles, Labels);
        var backward = new FeatureAccumulator(4, Roles, Labels);
        foreach (var t in tokens) forward.AddDense(t.Meta, t.Acts);
        foreach (var doc in tokens.GroupBy(t => t.Meta.Document).Reverse())
            foreach (var t in doc) backward.AddDense(t.Meta, t.Acts);
        for (int f = 0; f < 4; f++)
        {
            var a = forward.Result(f); var b = backward.Result(f);
            Assert.Equal(a.Histogram, b.Histogram);
            Assert.Equal(a.TopExamples, b.TopExamples);
            Assert.Equal(a.Overall.Firings, b.Overall.Firings);
            Assert.Equal(a.Scores.LeakDocuments.Select(l => (l.Document, l.Firings)), b.Scores.LeakDocuments.Select(l => (l.Document, l.Firings)));
        }
    }

    [Fact]
    public void WilsonBoundMatchesKnownValues()
    {
        Assert.Equal(2.3263478740, WilsonBound.Z(0.99), 6);
        Assert.Equal(1.6448536270, WilsonBound.Z(0.95), 6);
        // 50/100 at z = 1.96: Wilson interval (0.4038, 0.5962).
        Assert.Equal(0.4038, WilsonBound.Lower(50, 100, 1.96), 4);
        Assert.Equal(0, WilsonBound.Lower(0, 100, 2.33));
        Assert.Equal(0, WilsonBound.Lower(0, 0, 2.33));
    }

    [Fact]
    public void LeakDocumentsAreBoundedButCounted()
    {
        var accumulator = new FeatureAccumulator(1, [Role.Assistant], [], new FeatureAnalysisOptions { MaxLeakDocuments = 3 });
        for (int d = 0; d < 10; d++)
            for (int p = 0; p < 2; p++)
                accumulator.AddDense(new TokenMeta(d * 2 + p, 0, d, p, 0), [1f]);
        var scores = accumulator.Result(0).Scores;
        Assert.Equal(3, scores.LeakDocuments.Count);
        Assert.Equal(10, scores.LeakDocumentCount);
    }
}
