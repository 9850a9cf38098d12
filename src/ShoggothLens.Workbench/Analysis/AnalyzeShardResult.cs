namespace ShoggothLens.Workbench.Analysis;

/// <summary>What <see cref="AnalyzeWorkflow.RunShard"/> wrote.</summary>
/// <param name="State">The shard's state file (in the output folder).</param>
/// <param name="Shard">Which shard.</param>
/// <param name="FirstToken">The first store token of the shard's range.</param>
/// <param name="EndToken">One past its last token (equal to <paramref name="FirstToken"/> when the store has fewer chunks than shards).</param>
/// <param name="AlreadyComplete">True when the folder already held this shard's finished state for the same inputs (nothing was run).</param>
/// <param name="ResumedFrom">Where the shard's pass resumed from a checkpoint; null for a fresh start.</param>
/// <param name="IgnoredCheckpoint">Why a checkpoint found in the folder was not resumed; null when none was ignored.</param>
public sealed record AnalyzeShardResult(
    string State,
    AnalyzeShard Shard,
    long FirstToken,
    long EndToken,
    bool AlreadyComplete,
    AnalysisResume? ResumedFrom,
    string? IgnoredCheckpoint)
{
    public long Tokens => EndToken - FirstToken;
}
