namespace ShoggothLens.Workbench.Review;

/// <summary>The words the UI, the history and the exports use for statuses and severities (one spelling everywhere).</summary>
public static class ReviewNames
{
    public static string Of(ReviewStatus status) => status switch
    {
        ReviewStatus.Open => "open",
        ReviewStatus.Confirmed => "confirmed",
        ReviewStatus.Dismissed => "dismissed",
        ReviewStatus.NeedsCausalCheck => "needs-causal-check",
        _ => status.ToString(),
    };

    public static string Of(ReviewSeverity severity) => severity.ToString().ToLowerInvariant();

    public static bool TryParseStatus(string? text, out ReviewStatus status)
    {
        foreach (var s in Enum.GetValues<ReviewStatus>())
            if (string.Equals(Of(s), text, StringComparison.OrdinalIgnoreCase)) { status = s; return true; }
        status = ReviewStatus.Open;
        return false;
    }

    /// <summary>The status <paramref name="text"/> names, or null (no filter) when it names none.</summary>
    public static ReviewStatus? ParseStatus(string? text) => TryParseStatus(text, out var s) ? s : null;
}
