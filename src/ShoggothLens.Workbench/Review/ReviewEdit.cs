namespace ShoggothLens.Workbench.Review;

/// <summary>The editable fields of a review, as a reviewer wants them after saving.</summary>
public sealed record ReviewEdit(ReviewStatus Status, ReviewSeverity Severity, string Assignee, string Notes)
{
    public const int MaxAssigneeLength = 200;
    public const int MaxNotesLength = 8000;

    /// <summary>Why this edit cannot be stored, or null when it can.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Status)) return $"unknown status {(int)Status}";
        if (!Enum.IsDefined(Severity)) return $"unknown severity {(int)Severity}";
        if (Assignee.Length > MaxAssigneeLength) return $"the assignee is {Assignee.Length} characters; at most {MaxAssigneeLength}";
        if (Notes.Length > MaxNotesLength) return $"the notes are {Notes.Length} characters; at most {MaxNotesLength}";
        return null;
    }
}
