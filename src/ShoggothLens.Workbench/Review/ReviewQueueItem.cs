namespace ShoggothLens.Workbench.Review;

/// <summary>One line of the review queue: a candidate's rank and scores beside its review.</summary>
/// <param name="Rank">1 for the strongest candidate.</param>
/// <param name="Evidence">Hidden-motive evidence: the Wilson lower bound of freq(Assistant) minus the floor.</param>
public sealed record ReviewQueueItem(
    int Rank,
    int Feature,
    string? HomePersona,
    double Evidence,
    double AssistantLowerBound,
    double AssistantAffinity,
    long LeakDocuments,
    ReviewState Review);
