using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Windows that go through the model together. <see cref="Start"/> is the first window's place
/// (its SkipTokens: tokens of this batch a previous run already stored); <see cref="SkippedBefore"/>
/// counts bad records before it.
/// </summary>
public sealed record HarvestBatch(HarvestCursor Start, long SkippedBefore, IReadOnlyList<HarvestWindow> Windows)
{
    public int Tokens => Windows.Sum(w => w.Length);

    /// <summary>The longest window: the batch's padded sequence length.</summary>
    public int SequenceLength => Windows.Max(w => w.Length);
}
