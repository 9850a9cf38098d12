namespace ShoggothLens.Models.Harvest;

public enum HarvestOutcome
{
    /// <summary>Every record of the shard is in the store.</summary>
    Completed,
    /// <summary>The store reached --max-tokens.</summary>
    ReachedMaxTokens,
    /// <summary>The store was already complete; nothing was run.</summary>
    AlreadyComplete,
    /// <summary>Cancelled: the store holds its complete chunks and resumes after them.</summary>
    Cancelled,
}
