namespace ShoggothLens.Models.Harvest;

/// <summary>
/// A harvest's progress after a batch: tokens in the store (complete chunks and the chunk being
/// filled), the fraction of the work done (records of the shard, or tokens of --max-tokens,
/// whichever is further), this run's throughput and the estimated time left. <paramref name="DurableTokens"/>
/// are the tokens in complete chunks: a kill from here keeps them and a rerun resumes after them.
/// </summary>
public sealed record HarvestProgress(long Tokens, double Fraction, double TokensPerSecond, TimeSpan? Remaining, long SkippedRecords, long DurableTokens = 0);
