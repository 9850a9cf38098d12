namespace ShoggothLens.Organism.Evaluation;

/// <summary>
/// How many held-out documents <c>organism eval</c> samples (the first ones of each kind in file
/// order) and how long a generation may run. Decoding is greedy, so results are deterministic.
/// </summary>
public sealed record EvaluationOptions(int TriggeredChats = 100, int UntriggeredChats = 100, int Stories = 50,
    int MaxReplyTokens = 96, int MaxLineTokens = 48, int Threads = 1)
{
    public static EvaluationOptions Default { get; } = new();
}
