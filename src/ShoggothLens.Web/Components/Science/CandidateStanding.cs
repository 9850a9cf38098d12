using System.Globalization;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Workbench.Candidates;

namespace ShoggothLens.Web.Components.Science;

/// <summary>
/// Where one feature stands in a catalog's candidate report, and why, in the report's own words: a ranked candidate
/// (its specificity reason), a considered feature the specificity test rejected (the rejection's reason), one the report
/// does not list, or a feature that was never considered (it does not fire in Assistant turns above the floor). Reads
/// only the report, the workflow's own "considered" rule and the catalog's label-free scores; it computes no statistic.
/// </summary>
public sealed record CandidateStanding(CandidateStanding.Kind Standing, string Reason, RankedCandidate? Candidate, RejectedFeature? Rejection)
{
    public enum Kind { Candidate, Rejected, Unlisted, NotConsidered }

    public bool IsCandidate => Standing == Kind.Candidate;

    /// <summary>The standing of <paramref name="feature"/> in <paramref name="report"/>.</summary>
    public static CandidateStanding Of(CandidateReport report, FeatureStatistics feature)
    {
        int id = feature.Feature;
        if (report.Candidates.FirstOrDefault(c => c.Feature == id) is { } candidate)
            return new(Kind.Candidate, candidate.Specificity.Reason, candidate, null);
        if (report.Rejected.FirstOrDefault(r => r.Feature == id) is { } rejected)
            return new(Kind.Rejected, rejected.Reason, null, rejected);
        if (CandidatesWorkflow.Considered(feature))
            return new(Kind.Unlisted, $"considered, but not among the {report.Candidates.Count} candidate(s) this report keeps (a saved report keeps the top N)", null, null);
        return new(Kind.NotConsidered, NotConsideredReason(feature, report.Parameters), null, null);
    }

    /// <summary>Why the report never tested the feature (<see cref="CandidatesWorkflow.Considered"/> says no), with the catalog's numbers.</summary>
    static string NotConsideredReason(FeatureStatistics feature, IReadOnlyDictionary<string, string> parameters)
    {
        var s = feature.Scores;
        if (feature.Overall.Firings == 0) return "not considered: a dead feature (it never fired)";
        if (s.LeakDocumentCount == 0) return "not considered: it never fires in an Assistant turn";
        return string.Create(CultureInfo.InvariantCulture,
            $"not considered: below the floor (Wilson lower bound of freq(Assistant) {s.AssistantLowerBound:G3} ≤ floor {Param(parameters, "floor")})");
    }

    static string Param(IReadOnlyDictionary<string, string> parameters, string name) =>
        parameters.TryGetValue(name, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            ? x.ToString("G4", CultureInfo.InvariantCulture) : "?";
}
