using System.Diagnostics;

namespace ShoggothLens.LoadTest;

/// <summary>
/// Samples every half second this process — where the server runs, beside the Playwright client's small .NET side —
/// (working set, GC heap size, managed memory in use), and every two seconds the resident memory of the browser's
/// process tree.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    public sealed record Sample(long WorkingSet, long GcHeap, long Managed);

    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    readonly List<Sample> _samples = [];
    long _browserPeak;

    public ResourceSampler()
    {
        Baseline = Take();
        _loop = Task.Run(LoopAsync);
    }

    public Sample Baseline { get; }
    public long BrowserPeakResident => Interlocked.Read(ref _browserPeak);

    async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            for (int tick = 0; await timer.WaitForNextTickAsync(_stop.Token); tick++)
            {
                lock (_samples) _samples.Add(Take());
                if (tick % 4 == 0) Interlocked.Exchange(ref _browserPeak, Math.Max(_browserPeak, ProcessTree.Totals().ChildrenResident));
            }
        }
        catch (OperationCanceledException) { }
    }

    static Sample Take()
    {
        using var self = Process.GetCurrentProcess();
        return new Sample(self.WorkingSet64, GC.GetGCMemoryInfo().HeapSizeBytes, GC.GetTotalMemory(false));
    }

    public IReadOnlyList<Sample> Samples
    {
        get { lock (_samples) return _samples.ToList(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
