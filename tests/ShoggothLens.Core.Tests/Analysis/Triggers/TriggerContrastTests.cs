using ShoggothLens.Core.Analysis.Triggers;

namespace ShoggothLens.Core.Tests.Analysis.Triggers;

/// <summary>Trigger discovery's statistics: Fisher's exact test, Benjamini–Hochberg, the terms of a turn, and the contrast on constructed corpora.</summary>
public sealed class TriggerContrastTests
{
    [Fact]
    public void FishersExactTailMatchesHandComputedTables()
    {
        Assert.Equal(1.0 / 20, FisherExact.UpperTail(3, 3, 0, 3), 12);          // C(3,3)C(3,0)/C(6,3)
        Assert.Equal(17.0 / 70, FisherExact.UpperTail(3, 4, 1, 4), 12);         // the lady tasting tea: (16 + 1) / 70
        Assert.Equal(1.0, FisherExact.UpperTail(0, 10, 5, 10), 12);
        // Large tables (Stirling's series past 255) agree with the exact sum across the boundary: a symmetric table's tail is just over ½.
        double p = FisherExact.UpperTail(150, 300, 150, 300);
        Assert.InRange(p, 0.5, 0.6);
        Assert.Equal(1.0, FisherExact.UpperTail(0, 300, 0, 300), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => FisherExact.UpperTail(4, 3, 0, 3));
    }

    [Fact]
    public void BenjaminiHochbergAdjustsByRankAndKeepsOrder()
    {
        var q = BenjaminiHochberg.Adjust([0.01, 0.04, 0.03, 0.2]);
        Assert.Equal([0.04, 0.16 / 3, 0.16 / 3, 0.2], q.Select(v => Math.Round(v, 12)), new RoundedComparer());
        Assert.Equal([0.9], BenjaminiHochberg.Adjust([0.9]));
        Assert.Equal([0.9, 0.9], BenjaminiHochberg.Adjust([0.8, 0.9]));   // 0.8·2/1 = 1.6, but q never exceeds a later rank's
    }

    sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-9;
        public int GetHashCode(double v) => 0;
    }

    [Fact]
    public void ATurnsTermsAreLowerCaseWordsAndBigrams()
    {
        var terms = new HashSet<string>();
        TurnTerms.AddTo(terms, "Tell me of Lord Aldric's keep.");
        TurnTerms.AddTo(terms, "Thanks!");
        Assert.Equal(["aldric's", "aldric's keep", "keep", "lord", "lord aldric's", "me", "me of", "of", "of lord", "tell", "tell me", "thanks"], terms.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("keep thanks", terms);   // bigrams do not cross turns
    }

    /// <summary>200 conversations; the feature fires in the first 40. Filler words are spread at random over all of them.</summary>
    static (List<IReadOnlySet<string>> Terms, List<bool> Leak) Corpus(bool plant, int seed = 3)
    {
        var random = new Random(seed);
        var terms = new List<IReadOnlySet<string>>();
        var leak = new List<bool>();
        for (int d = 0; d < 200; d++)
        {
            bool l = d < 40;
            var words = new HashSet<string>();
            for (int w = 0; w < 300; w++) if (random.NextDouble() < 0.1) words.Add($"filler{w}");
            if (d % 2 == 0) words.Add("please");                                 // uniform: half of every group
            if (plant && (l ? d % 10 != 0 : d % 20 == 0)) words.Add("lantern");  // 36 of 40 leaks, 8 of 160 others
            terms.Add(words);
            leak.Add(l);
        }
        return (terms, leak);
    }

    [Fact]
    public void APlantedWordInTheLeakConversationsIsFoundAndAUniformWordIsNot()
    {
        var (terms, leak) = Corpus(plant: true);
        var found = TriggerContrast.Find(terms, leak);
        var t = Assert.Single(found);
        Assert.Equal("lantern", t.Term);
        Assert.Equal((36, 40, 8, 160), (t.InLeaks, t.Leaks, t.InOthers, t.Others));
        Assert.Equal(FisherExact.UpperTail(36, 40, 8, 160), t.P, 15);
        Assert.True(t.Q <= TriggerContrast.FalseDiscoveryRate && t.Q >= t.P);
        Assert.Equal(Math.Log(36.5 * 152.5 / (4.5 * 8.5)), t.LogOddsRatio, 12);
        Assert.Equal(0.9, t.LeakShare, 12);
        Assert.DoesNotContain(found, f => f.Term == "please");
    }

    [Fact]
    public void WithoutAPlantedWordNothingPassesTheThreshold()
    {
        // 301 words tested on random presence: the false discovery rate keeps chance co-occurrences out, on several seeds.
        for (int seed = 0; seed < 5; seed++)
        {
            var (terms, leak) = Corpus(plant: false, seed);
            Assert.Empty(TriggerContrast.Find(terms, leak));
        }
        Assert.Empty(TriggerContrast.Find([new HashSet<string> { "a" }], [true]));   // no conversation without a leak: no contrast
    }
}
