using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;

namespace ShoggothLens.LoadTest;

/// <summary>The run's figures: a table per step, the targets, server-side times, memory and CPU; and one JSON line.</summary>
public sealed class Report
{
    public required LoadOptions Options { get; init; }
    public required string CatalogId { get; init; }
    public required int Features { get; init; }
    public required double GenerateSeconds { get; init; }
    public required double IndexSeconds { get; init; }
    public required IReadOnlyList<Timing> Timings { get; init; }
    public required IReadOnlyList<StepError> Errors { get; init; }
    public required int Rounds { get; init; }
    public required double WallSeconds { get; init; }
    public required bool CutAtHardCap { get; init; }
    public required ServerMetrics Server { get; init; }
    public required ResourceSampler.Sample Baseline { get; init; }
    public required IReadOnlyList<ResourceSampler.Sample> Samples { get; init; }
    public required long BrowserPeakResident { get; init; }
    public required double SelfCpuSeconds { get; init; }
    public required double BrowserCpuSeconds { get; init; }
    public required string LoadBefore { get; init; }
    public required string LoadAfter { get; init; }
    /// <summary>"protocol" (circuits driven over SignalR by this process) or "browser" (chromium pages).</summary>
    public required string Client { get; init; }
    public long RenderBatches { get; init; }
    public long RenderBatchBytes { get; init; }
    public double ClientWorkSeconds { get; init; }
    bool Browser => Client == "browser";

    static string Ms(double v) => double.IsNaN(v) ? "–" : v.ToString(v < 10 ? "F1" : "F0", CultureInfo.InvariantCulture);
    static string MiB(long b) => (b / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);

    IEnumerable<(string Step, bool Interaction, Summary S)> Steps() =>
        Timings.GroupBy(t => (t.Step, t.Interaction)).Select(g => (g.Key.Step, g.Key.Interaction, Summary.Of(g.Select(t => t.Milliseconds))))
            .OrderBy(x => x.Interaction).ThenBy(x => x.Step, StringComparer.Ordinal);

    IEnumerable<(Target Target, Summary S, bool Met)> TargetResults() =>
        Target.All.Select(t => { var s = Summary.Of(Timings.Where(t.Selects).Select(t.Measure)); return (t, s, s.Count > 0 && s.P95 <= t.LimitMs); });

    /// <summary>All interactions with the search box's deliberate 250 ms debounce taken out.</summary>
    Summary InteractionsWithoutDebounce() => Summary.Of(Timings.Where(t => t.Interaction).Select(Target.WithoutDebounce));

    public string Text()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Options.Sessions} sessions × {WallSeconds:F0} s{(Options.Think > TimeSpan.Zero ? $", each pausing {Options.Think.TotalMilliseconds:F0} ms ± 50 % before a step" : ", no pause between steps")} over {Features:N0} features (catalog '{CatalogId}'), {Rounds} rounds, {Timings.Count} timed steps, {Errors.Count(e => !e.PageOnly)} failed steps, {Errors.Count(e => e.PageOnly)} page script/console errors{(CutAtHardCap ? ", CUT AT THE HARD CAP" : "")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"client: {(Browser ? "Debian's chromium through Playwright, one page per session" : "protocol: one Blazor circuit per session over SignalR (blazorpack) from this process, no browser")}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} cores (server and {(Browser ? "chromium" : "the protocol client")} share them), load average {LoadBefore} before, {LoadAfter} after; .NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
        sb.AppendLine();
        sb.AppendLine(Browser
            ? "client times (ms; cold loads from navigation start, interactions from the action in the page, both until the expected content is visible)"
            : "client times (ms; cold loads: the GET until the whole prerendered HTML arrived and shows the content, 'interactive' until the new circuit's render shows it; interactions from the event or navigation sent until the render batches show the expected content)");
        sb.AppendLine("| step | kind | n | median | p95 | max |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (step, interaction, s) in Steps())
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {step} | {(interaction ? "interaction" : "cold load")} | {s.Count} | {Ms(s.Median)} | {Ms(s.P95)} | {Ms(s.Max)} |");
        var all = Summary.Of(Timings.Where(t => t.Interaction).Select(t => t.Milliseconds));
        var bare = InteractionsWithoutDebounce();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| **all interactions** | | {all.Count} | {Ms(all.Median)} | {Ms(all.P95)} | {Ms(all.Max)} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| all interactions, search's 250 ms debounce taken out | | {bare.Count} | {Ms(bare.Median)} | {Ms(bare.P95)} | {Ms(bare.Max)} |");
        sb.AppendLine();
        sb.AppendLine("targets (checked on the p95)");
        foreach (var (t, s, met) in TargetResults())
            sb.AppendLine(CultureInfo.InvariantCulture, $"- {t.Name} ≤ {t.LimitMs:F0} ms: median {Ms(s.Median)}, p95 {Ms(s.P95)} → {(met ? "MET" : "NOT MET")}");
        sb.AppendLine();
        sb.AppendLine("server-side times (ms, framework instruments; top components/routes by total time)");
        sb.AppendLine("| instrument | component / route | n | median | p95 | max | total |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (instrument, key, s, total) in Server.Top(6))
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {instrument.Replace("aspnetcore.components.", "")} | {key} | {s.Count} | {Ms(s.Median)} | {Ms(s.P95)} | {Ms(s.Max)} | {total:F0} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"circuits open at once, at most: {Server.PeakCircuits}");
        sb.AppendLine();
        var ws = Samples.Select(s => s.WorkingSet).DefaultIfEmpty(Baseline.WorkingSet);
        var heap = Samples.Select(s => s.GcHeap).DefaultIfEmpty(Baseline.GcHeap);
        sb.AppendLine(CultureInfo.InvariantCulture, $"server memory (this process: the server runs in it; {Samples.Count} samples, every 0.5 s): working set {MiB(Baseline.WorkingSet)} MiB before the sessions, median {MiB(Median(ws))}, peak {MiB(ws.Max())} MiB; GC heap {MiB(Baseline.GcHeap)} MiB before, median {MiB(Median(heap))}, peak {MiB(heap.Max())} MiB");
        if (Browser)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"browser (chromium + Playwright driver, child processes): peak resident {MiB(BrowserPeakResident)} MiB");
            sb.AppendLine(CultureInfo.InvariantCulture, $"CPU during the sessions: this process {SelfCpuSeconds:F1} s ({SelfCpuSeconds / WallSeconds:F2} cores), browser {BrowserCpuSeconds:F1} s ({BrowserCpuSeconds / WallSeconds:F2} cores) of {Environment.ProcessorCount} cores × {WallSeconds:F0} s");
        }
        else
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"render batches received: {RenderBatches:N0}, {RenderBatchBytes / 1048576.0:F1} MiB");
            sb.AppendLine(CultureInfo.InvariantCulture, $"CPU during the sessions: this process (server and protocol client) {SelfCpuSeconds:F1} s ({SelfCpuSeconds / WallSeconds:F2} cores) of {Environment.ProcessorCount} cores × {WallSeconds:F0} s; the client's own work (parsing and applying batches, checking pages, computing the views it expects; thread CPU time) {ClientWorkSeconds:F1} s of it, the server {SelfCpuSeconds - ClientWorkSeconds:F1} s ({(SelfCpuSeconds - ClientWorkSeconds) / WallSeconds:F2} cores) at most");
        }
        if (GenerateSeconds > 0) sb.AppendLine(CultureInfo.InvariantCulture, $"catalog generated in {GenerateSeconds:F1} s; summary index built in {IndexSeconds:F1} s (before the sessions)");
        else sb.AppendLine(CultureInfo.InvariantCulture, $"catalog reused; summary index built in {IndexSeconds:F1} s (before the sessions)");
        if (Errors.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("errors (failed steps, then errors the pages reported; the first 5 distinct messages of each kind):");
            foreach (var g in Errors.OrderBy(e => e.PageOnly).GroupBy(e => (e.PageOnly, e.Step)))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"- {(g.Key.PageOnly ? "" : "failed step: ")}{g.Key.Step}: {g.Count()}");
                foreach (var m in g.GroupBy(e => e.Message).Take(5))
                    sb.AppendLine(CultureInfo.InvariantCulture, $"    {m.Count()}× (sessions {string.Join(",", m.Select(e => e.Session).Distinct().Order().Take(8))}): {m.Key}");
            }
        }
        return sb.ToString();
    }

    static long Median(IEnumerable<long> values)
    {
        var a = values.Order().ToArray();
        return a.Length == 0 ? 0 : a[a.Length / 2];
    }

    public string Json()
    {
        static object S(Summary s) => new { n = s.Count, median = Round(s.Median), p95 = Round(s.P95), max = Round(s.Max) };
        var ws = Samples.Select(s => s.WorkingSet).DefaultIfEmpty(Baseline.WorkingSet).ToList();
        var heap = Samples.Select(s => s.GcHeap).DefaultIfEmpty(Baseline.GcHeap).ToList();
        var doc = new
        {
            client = Client, sessions = Options.Sessions, seconds = Math.Round(WallSeconds, 1), features = Features, rounds = Rounds, failedSteps = Errors.Count(e => !e.PageOnly), pageErrors = Errors.Count(e => e.PageOnly), cutAtHardCap = CutAtHardCap,
            cores = Environment.ProcessorCount, loadBefore = LoadBefore, loadAfter = LoadAfter,
            steps = Steps().ToDictionary(x => x.Step, x => S(x.S)),
            allInteractions = S(Summary.Of(Timings.Where(t => t.Interaction).Select(t => t.Milliseconds))),
            allInteractionsWithoutSearchDebounce = S(InteractionsWithoutDebounce()),
            targets = TargetResults().Select(r => new { name = r.Target.Name, limitMs = r.Target.LimitMs, p95 = Round(r.S.P95), met = r.Met }),
            server = Server.Top(6).Select(x => new { instrument = x.Instrument, key = x.Key, summary = S(x.Summary), totalMs = Math.Round(x.TotalMs) }),
            peakCircuits = Server.PeakCircuits,
            memory = new
            {
                process = "the load tool's own process (the server runs in it)",
                workingSetMiB = new { before = Mb(Baseline.WorkingSet), median = Mb(Median(ws)), peak = Mb(ws.Max()) },
                gcHeapMiB = new { before = Mb(Baseline.GcHeap), median = Mb(Median(heap)), peak = Mb(heap.Max()) },
                browserPeakResidentMiB = Mb(BrowserPeakResident),
            },
            cpuSeconds = new { self = Math.Round(SelfCpuSeconds, 1), browser = Math.Round(BrowserCpuSeconds, 1) },
            clientWorkSeconds = Math.Round(ClientWorkSeconds, 1), thinkMs = Options.Think.TotalMilliseconds, renderBatches = RenderBatches, renderBatchMiB = Math.Round(RenderBatchBytes / 1048576.0, 1),
        };
        return JsonSerializer.Serialize(doc);
    }

    static double Round(double v) => double.IsNaN(v) ? -1 : Math.Round(v, 1);
    static double Mb(long b) => Math.Round(b / 1048576.0, 1);
}
