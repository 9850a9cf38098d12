using System.Diagnostics;
using ShoggothLens.Sae.Backends.Ilgpu.Device;

namespace ShoggothLens.Sae.Backends.Ilgpu.Step;

/// <summary>
/// gpu-check's breakdown of a step: when enabled, every phase is synchronised and timed (a device
/// round trip per phase, so totals run a little slow).
/// </summary>
internal sealed class IlgpuPhaseClock(IlgpuDevice device)
{
    public bool Enabled { get; set; }

    /// <summary>Accumulated milliseconds per phase while <see cref="Enabled"/>.</summary>
    public Dictionary<string, double> Milliseconds { get; } = new();

    /// <summary>A running clock for one step, or null when phases are not timed.</summary>
    public Stopwatch? Start() => Enabled ? Stopwatch.StartNew() : null;

    /// <summary>Ends phase <paramref name="name"/> (waiting for the device) and starts the next.</summary>
    public void Mark(Stopwatch? clock, string name)
    {
        if (clock is null) return;
        device.Synchronize();
        Milliseconds[name] = Milliseconds.GetValueOrDefault(name) + clock.Elapsed.TotalMilliseconds;
        clock.Restart();
    }
}
