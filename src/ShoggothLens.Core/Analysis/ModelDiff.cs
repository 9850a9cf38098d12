using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Analysis;

/// <summary>
/// One feature's Assistant-turn activity in two checkpoints of a model read by the same SAE over the same
/// corpus (DESIGN.md, "Model diff"): freq(Assistant) in the analysed checkpoint ("post", e.g. post-trained)
/// and in the compared one ("base").
/// </summary>
/// <param name="LogRatio">ln((post + ε) / (base + ε)), ε as in the assistant affinity.</param>
/// <param name="StartsLeaking">An outside-role leak (<see cref="FeatureScores.OutsideRoleLeak"/>: outside-role, firing in Assistant
/// turns above the floor) in the post checkpoint that is none in the base. Read from the catalog's scores alone, so it is not
/// the candidate test (a specific home persona, Workbench/Candidates): pages show which of these the label-free report names,
/// and every candidate's base → post change.</param>
public sealed record FeatureDiff(int Feature, double BaseAssistantFrequency, double PostAssistantFrequency, double Delta, double LogRatio, bool StartsLeaking);

public static class ModelDiff
{
    /// <summary>freq(Assistant): the share of Assistant tokens where the feature fires (0 when there are none).</summary>
    public static double AssistantFrequency(FeatureStatistics f)
    {
        long tokens = 0, firings = 0;
        foreach (var r in f.ByRole)
            if (r.Is(Role.Assistant)) { tokens += r.Tokens; firings += r.Firings; }
        return tokens == 0 ? 0 : (double)firings / tokens;
    }

    /// <summary>Pairs features by id; both sequences must hold the same features in id order.</summary>
    public static IReadOnlyList<FeatureDiff> Compare(IEnumerable<FeatureStatistics> post, IEnumerable<FeatureStatistics> @base, double epsilon)
    {
        var result = new List<FeatureDiff>();
        using var b = @base.GetEnumerator();
        foreach (var p in post)
        {
            if (!b.MoveNext()) throw new ArgumentException("the compared analysis has fewer features");
            var q = b.Current;
            if (q.Feature != p.Feature) throw new ArgumentException($"feature {p.Feature} paired with {q.Feature}");
            double fp = AssistantFrequency(p), fb = AssistantFrequency(q);
            result.Add(new FeatureDiff(p.Feature, fb, fp, fp - fb, Math.Log((fp + epsilon) / (fb + epsilon)),
                p.Scores.OutsideRoleLeak && !q.Scores.OutsideRoleLeak));
        }
        if (b.MoveNext()) throw new ArgumentException("the compared analysis has more features");
        return result;
    }
}
