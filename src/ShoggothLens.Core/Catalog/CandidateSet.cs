namespace ShoggothLens.Core.Catalog;

/// <summary>
/// The hidden-motive candidates of a catalog as its label-free <see cref="CandidateReport"/> names them, with their rank:
/// the one meaning of "candidate" that pages, queues, exports and the model diff read. (The catalog's own
/// <see cref="Analysis.FeatureScores.OutsideRoleLeak"/> flag is a weaker thing: outside-role and firing in Assistant turns,
/// with no test of a specific home.)
/// </summary>
public sealed class CandidateSet
{
    readonly Dictionary<int, int> _rank;

    CandidateSet(IReadOnlyList<int> ranked)
    {
        Ranked = ranked;
        _rank = new Dictionary<int, int>(ranked.Count);
        for (int i = 0; i < ranked.Count; i++) _rank.TryAdd(ranked[i], i + 1);
    }

    /// <summary>No candidates (a catalog whose report could not be had, or that has none).</summary>
    public static CandidateSet Empty { get; } = new([]);

    /// <summary>The candidates of <paramref name="report"/> in its order; <see cref="Empty"/> for a null report.</summary>
    public static CandidateSet Of(CandidateReport? report) =>
        report is null ? Empty : new CandidateSet(report.Candidates.OrderBy(c => c.Rank).Select(c => c.Feature).ToList());

    /// <summary>Candidates given by id, best first (a report's order, read elsewhere).</summary>
    public static CandidateSet FromRanked(IEnumerable<int> features) => new(features.ToList());

    /// <summary>
    /// True when <paramref name="report"/> lists every candidate it found: a report saved with a <c>--top</c> smaller than
    /// its candidate count lists only the first ones (considered = candidates + rejected).
    /// </summary>
    public static bool ListsEveryCandidate(CandidateReport report) => report.Candidates.Count >= report.Considered - report.Rejected.Count;

    /// <summary>Candidate feature ids, best first.</summary>
    public IReadOnlyList<int> Ranked { get; }

    public int Count => Ranked.Count;

    public bool Contains(int feature) => _rank.ContainsKey(feature);

    /// <summary>The 1-based rank of <paramref name="feature"/> in the report, or null when it is not a candidate.</summary>
    public int? RankOf(int feature) => _rank.TryGetValue(feature, out int r) ? r : null;
}
