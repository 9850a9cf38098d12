namespace ShoggothLens.Workbench.Candidates;

/// <summary>The median of an ascending list: the middle value, or the mean of the two middle ones.</summary>
static class SortedMedian
{
    public static double Of(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        int mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
