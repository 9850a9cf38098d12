namespace ShoggothLens.Workbench.Review;

/// <summary>What became of a save: stored, refused (no right or a bad value), or a conflict with another reviewer.</summary>
public abstract record ReviewSaveResult
{
    ReviewSaveResult() { }

    /// <summary>Stored; <paramref name="Changes"/> are the history lines this save appended (none when nothing changed).</summary>
    public sealed record Saved(ReviewState Review, IReadOnlyList<ReviewChange> Changes) : ReviewSaveResult;

    /// <summary>Nothing stored: the reviewer may not change reviews, or the edit is invalid.</summary>
    public sealed record Refused(string Reason) : ReviewSaveResult;

    /// <summary>
    /// Nothing stored: someone else saved this feature after the version this edit started from.
    /// <paramref name="Current"/> is the review as it stands now; <paramref name="TheirChanges"/> the history lines
    /// written since (who, when, what), so the UI can show the other change before the reviewer decides again.
    /// </summary>
    public sealed record Conflict(ReviewState Current, IReadOnlyList<ReviewChange> TheirChanges) : ReviewSaveResult
    {
        /// <summary>One sentence naming the other reviewers and their changes.</summary>
        public string Describe()
        {
            if (TheirChanges.Count == 0)
                return $"Feature {Current.Feature} was saved by {Current.UpdatedBy ?? "another reviewer"} meanwhile (version {Current.Version}).";
            var byWho = TheirChanges.GroupBy(c => c.Reviewer)
                .Select(g => $"{g.Key} changed " + string.Join(", ", g.Select(c => $"{c.Field} \"{c.OldValue}\" → \"{c.NewValue}\"")));
            return $"Feature {Current.Feature} was changed meanwhile: {string.Join("; ", byWho)}.";
        }
    }
}
