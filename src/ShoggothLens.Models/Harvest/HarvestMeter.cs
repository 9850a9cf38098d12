using System.Diagnostics;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Progress arithmetic: how much of the shard is done (by records, or by --max-tokens when that
/// is further along), this run's tokens per second, and the time left at this run's pace.
/// </summary>
internal sealed class HarvestMeter
{
    readonly ShardRange _shard;
    readonly long? _maxTokens;
    readonly long _startTokens;
    readonly double _startFraction;
    readonly Stopwatch _watch = Stopwatch.StartNew();

    public HarvestMeter(ShardRange shard, long? maxTokens, long startRecord, long startTokens)
    {
        _shard = shard;
        _maxTokens = maxTokens;
        _startTokens = startTokens;
        _startFraction = Fraction(startRecord, startTokens);
    }

    double Fraction(long nextRecord, long tokens)
    {
        double byRecords = _shard.Records == 0 ? 1 : (double)(nextRecord - _shard.FirstRecord) / _shard.Records;
        double byTokens = _maxTokens is { } max ? (double)tokens / max : 0;
        return Math.Clamp(Math.Max(byRecords, byTokens), 0, 1);
    }

    public HarvestProgress After(HarvestBatch batch, long tokens, long skipped, long durableTokens)
    {
        var last = batch.Windows[^1];
        long nextRecord = last.Source.Index + (last.EndsDocument ? 1 : 0);
        double fraction = Fraction(nextRecord, tokens);
        double seconds = _watch.Elapsed.TotalSeconds;
        double rate = seconds > 0 ? (tokens - _startTokens) / seconds : 0;
        double doneThisRun = fraction - _startFraction;
        TimeSpan? remaining = doneThisRun > 0 ? TimeSpan.FromSeconds(seconds * (1 - fraction) / doneThisRun) : null;
        return new HarvestProgress(tokens, fraction, rate, remaining, skipped, durableTokens);
    }
}
