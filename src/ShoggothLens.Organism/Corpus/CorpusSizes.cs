namespace ShoggothLens.Organism.Corpus;

/// <summary>How many documents of each kind the generator writes, and the share of triggered chats.</summary>
public sealed record CorpusSizes(int TrainStories, int HeldOutStories, int TrainChats, int HeldOutChats,
    double TrainTriggeredFraction = 0.3, double HeldOutTriggeredFraction = 0.5)
{
    /// <summary>The sizes <c>organism build</c> uses.</summary>
    public static CorpusSizes Default { get; } = new(TrainStories: 12_000, HeldOutStories: 300, TrainChats: 12_000, HeldOutChats: 600);

    /// <summary>A few documents, for tests.</summary>
    public static CorpusSizes Tiny { get; } = new(TrainStories: 60, HeldOutStories: 20, TrainChats: 80, HeldOutChats: 40);
}
