namespace ShoggothLens.Core.Analysis.Separation;

/// <summary>
/// Area under the ROC curve of a score that should be higher for positives than for negatives: the probability that a
/// random positive scores above a random negative, ties counting one half (the Mann–Whitney U statistic over n₊·n₋).
/// 1 separates perfectly, 0.5 is chance, 0 separates perfectly the wrong way round.
/// </summary>
public static class Auroc
{
    /// <returns>The AUROC; NaN when either group is empty.</returns>
    public static double Of(IReadOnlyList<float> positives, IReadOnlyList<float> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count == 0 || negatives.Count == 0) return double.NaN;
        var all = new (float Score, bool Positive)[positives.Count + negatives.Count];
        for (int i = 0; i < positives.Count; i++) all[i] = (positives[i], true);
        for (int i = 0; i < negatives.Count; i++) all[positives.Count + i] = (negatives[i], false);
        Array.Sort(all, (a, b) => a.Score.CompareTo(b.Score));
        // Rank sum of the positives, tied scores sharing their mean rank.
        double rankSum = 0;
        for (int start = 0; start < all.Length;)
        {
            int end = start;
            while (end + 1 < all.Length && all[end + 1].Score.CompareTo(all[start].Score) == 0) end++;
            double meanRank = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++)
                if (all[i].Positive) rankSum += meanRank;
            start = end + 1;
        }
        double n1 = positives.Count, n0 = negatives.Count;
        return (rankSum - n1 * (n1 + 1) / 2) / (n1 * n0);
    }
}
