using ShoggothLens.Core.Analysis;

namespace ShoggothLens.Workbench.Browse;

/// <summary>Turns one feature's full statistics into its summary row.</summary>
public static class FeatureSummaryBuilder
{
    const int SearchTokens = 8;

    /// <param name="candidateRank">The feature's rank in the label-free candidate report; null when it is not a candidate.</param>
    public static FeatureSummary Build(FeatureStatistics f, IReadOnlyList<string> roles, int? candidateRank)
    {
        var freq = new double[roles.Count];
        long outsideTokens = 0, outsideFirings = 0;
        foreach (var r in f.ByRole)
        {
            int i = IndexOf(roles, r.Role);
            if (i >= 0) freq[i] = r.Frequency;
            if (IsOutside(r.Role)) { outsideTokens += r.Tokens; outsideFirings += r.Firings; }
        }
        var s = f.Scores;
        double home = s.HomePersona is null ? 0 : f.ByRole.FirstOrDefault(r => r.Role == $"Persona({s.HomePersona})")?.Frequency ?? 0;
        return new FeatureSummary(
            f.Feature, f.Overall.Frequency, freq, ModelDiff.AssistantFrequency(f),
            outsideTokens == 0 ? 0 : (double)outsideFirings / outsideTokens,
            f.Overall.Max, f.Overall.Mean, s.AssistantAffinity, s.HomePersona, home,
            s.AssistantLowerBound, s.HiddenMotiveEvidence, s.LeakDocumentCount, ClassOf(s, candidateRank is not null), candidateRank, TopTokens(f),
            s.PersonaAligned, s.OutsideRole, s.OutsideRoleLeak);
    }

    /// <summary>A candidate of the label-free report is a candidate whatever its affinity (the report tests every feature that fires
    /// in Assistant turns for a specific home); the others are classed by affinity.</summary>
    public static FeatureClass ClassOf(FeatureScores s, bool candidate) =>
        candidate ? FeatureClass.Candidate
        : s.OutsideRole ? FeatureClass.OutsideRole
        : s.PersonaAligned ? FeatureClass.PersonaAligned
        : FeatureClass.Other;

    /// <summary>Persona(*) and Narration: "outside" the Assistant role in DESIGN.md's sense.</summary>
    public static bool IsOutside(string role) => role == "Narration" || role.StartsWith("Persona(", StringComparison.Ordinal);

    static int IndexOf(IReadOnlyList<string> roles, string role)
    {
        for (int i = 0; i < roles.Count; i++) if (roles[i] == role) return i;
        return -1;
    }

    static IReadOnlyList<string> TopTokens(FeatureStatistics f)
    {
        var tokens = new List<string>();
        void Add(string t)
        {
            t = t.Trim();
            if (t.Length > 0 && tokens.Count < SearchTokens && !tokens.Contains(t, StringComparer.Ordinal)) tokens.Add(t);
        }
        foreach (var c in f.TopContexts ?? [])
            if (c.QualifyingIndex >= 0 && c.QualifyingIndex < c.Tokens.Count) Add(c.Tokens[c.QualifyingIndex]);
        foreach (var e in f.Logits?.Top ?? []) Add(e.Token);
        return tokens;
    }
}
