namespace ShoggothLens.Core.Export;

/// <summary>Where a batch export stands: features done (written or verified and skipped) of the shard's total.</summary>
public readonly record struct ExportProgress(int FeaturesDone, int Features, int BatchesDone, int Batches, double FeaturesPerSecond)
{
    public double Fraction => Features == 0 ? 1 : (double)FeaturesDone / Features;
}

/// <summary>What an export run did.</summary>
/// <param name="Written">Batch files written by this run.</param>
/// <param name="Skipped">Batch files found complete and left alone.</param>
/// <param name="Replaced">Batch files found incomplete or foreign, written again (counted in <see cref="Written"/> too).</param>
/// <param name="FeaturesWritten">Features in the files written by this run.</param>
public sealed record ExportSummary(int Written, int Skipped, int Replaced, int FeaturesWritten, TimeSpan Elapsed, bool Cancelled)
{
    public double FeaturesPerSecond => Elapsed.TotalSeconds > 0 ? FeaturesWritten / Elapsed.TotalSeconds : 0;
}
