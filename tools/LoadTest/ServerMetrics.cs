using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace ShoggothLens.LoadTest;

/// <summary>
/// Server-side times from the framework's own instruments (System.Diagnostics.Metrics, read in-process with a
/// <see cref="MeterListener"/>; nothing in the app changes): Blazor's render-diff, event-handler and
/// parameter-update durations by component, and the hosting layer's request durations (cold loads: prerendering) by
/// route. Also the most circuits open at once. Only measurements taken while <see cref="Recording"/> is on count.
/// </summary>
public sealed class ServerMetrics : IDisposable
{
    static readonly string[] Histograms =
    [
        "aspnetcore.components.render_diff.duration", "aspnetcore.components.handle_event.duration",
        "aspnetcore.components.update_parameters.duration", "http.server.request.duration",
    ];

    readonly MeterListener _listener = new();
    readonly ConcurrentDictionary<(string Instrument, string Key), ConcurrentQueue<double>> _values = new();
    long _circuits, _peakCircuits;

    public ServerMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (Histograms.Contains(instrument.Name) || instrument.Name == "aspnetcore.components.circuit.active")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => OnLong(i, v, t, s));
        _listener.Start();
    }

    public volatile bool Recording;

    public long PeakCircuits => Interlocked.Read(ref _peakCircuits);

    void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (!Recording) return;
        string key = instrument.Name == "http.server.request.duration"
            ? $"{Tag(tags, "http.request.method")} {Tag(tags, "http.route")}"
            : ShortType(Tag(tags, "aspnetcore.components.type"));
        _values.GetOrAdd((instrument.Name, key), _ => new ConcurrentQueue<double>()).Enqueue(value * 1000);
    }

    void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        long now = Interlocked.Add(ref _circuits, value);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakCircuits)) && Interlocked.CompareExchange(ref _peakCircuits, now, peak) != peak) { }
    }

    static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var t in tags) if (t.Key == name) return t.Value?.ToString() ?? "";
        return "";
    }

    /// <summary>"Ns.Outer+Inner`1[[...]]" → "Inner`1"; untagged instruments (render_diff) → "(all)".</summary>
    static string ShortType(string type)
    {
        if (type.Length == 0) return "(all)";
        int generic = type.IndexOf('[');
        if (generic > 0) type = type[..generic];
        return type[(Math.Max(type.LastIndexOf('.'), type.LastIndexOf('+')) + 1)..];
    }

    /// <summary>Per instrument, the <paramref name="top"/> keys by total time, with their summaries (milliseconds).</summary>
    public IReadOnlyList<(string Instrument, string Key, Summary Summary, double TotalMs)> Top(int top) =>
        _values.GroupBy(kv => kv.Key.Instrument)
            .SelectMany(g => g.Select(kv => (kv.Key.Instrument, kv.Key.Key, Values: kv.Value.ToArray()))
                .OrderByDescending(x => x.Values.Sum()).Take(top)
                .Select(x => (x.Instrument, x.Key, Summary.Of(x.Values), x.Values.Sum())))
            .OrderBy(x => Array.IndexOf(Histograms, x.Instrument)).ThenByDescending(x => x.Item4)
            .ToList();

    public void Dispose() => _listener.Dispose();
}
