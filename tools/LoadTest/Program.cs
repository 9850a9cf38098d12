using System.Diagnostics;
using ShoggothLens.LoadTest;
using ShoggothLens.LoadTest.Circuit;

// Load test of the web UI (issue 12): see LoadOptions.Usage, and tools/BENCHMARKS.md for figures.
LoadOptions options;
try { options = LoadOptions.Parse(args); }
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var log = Console.Out;
using var source = CatalogSource.Open(options, log);
var indexClock = Stopwatch.StartNew();
await using var server = await InProcessServer.StartAsync(source.Folder);
double indexSeconds = indexClock.Elapsed.TotalSeconds;
log.WriteLine($"server on {server.BaseUrl}, catalog '{server.CatalogId}' ({server.Catalog.Count:N0} features) indexed in {indexSeconds:F1} s");

// The browser client is launched only when asked for; the protocol client needs nothing but the server.
await using var browser = options.Browser ? await ClientBrowser.LaunchAsync() : null;
var timings = new Timings();

// Warm-up (not measured): one round by one session, so JIT and first-use costs do not land in the figures.
{
    var warmOptions = options with { StepTimeout = TimeSpan.FromSeconds(60) };
    if (browser is not null)
    {
        var page = await browser.NewSessionPageAsync(server.BaseUrl);
        await new Session(-1, page, server, null, warmOptions).RunAsync(Stopwatch.StartNew(), TimeSpan.FromMinutes(3), maxRounds: 1);
        await page.Context.CloseAsync();
    }
    else
    {
        // Its failures are printed: a client that cannot drive the pages should say why before the measured run.
        var warmTimings = new Timings();
        await using var warm = new ProtocolSession(-1, server, warmTimings, warmOptions);
        await warm.RunAsync(Stopwatch.StartNew(), TimeSpan.FromMinutes(3), maxRounds: 1);
        foreach (var e in warmTimings.Errors) log.WriteLine($"warm-up: failed step {e.Step}: {e.Message}");
    }
}
log.WriteLine("warm-up done");

var pages = new List<Microsoft.Playwright.IPage>();
var sessions = new List<ILoadSession>();
for (int i = 0; i < options.Sessions; i++)
{
    if (browser is not null)
    {
        var page = await browser.NewSessionPageAsync(server.BaseUrl);
        pages.Add(page);
        sessions.Add(new Session(i, page, server, timings, options));
    }
    else sessions.Add(new ProtocolSession(i, server, timings, options));
}

GC.Collect();
using var metrics = new ServerMetrics();
await using var sampler = new ResourceSampler();
string loadBefore = ProcessTree.LoadAverage();
var cpuBefore = ProcessTree.Totals();
long clientWorkBefore = ClientCpu.Nanoseconds;
metrics.Recording = true;
log.WriteLine($"{options.Sessions} sessions for {options.Duration.TotalSeconds:F0} s (hard cap {options.HardCap.TotalSeconds:F0} s) ...");

var clock = Stopwatch.StartNew();
// Sessions start spread over the first two seconds, as users arrive, not in one instant.
var ramp = TimeSpan.FromSeconds(2) / options.Sessions;
var running = sessions.Select((s, i) => Task.Run(async () =>
{
    await Task.Delay(ramp * i);
    await s.RunAsync(clock, options.Duration, maxRounds: 10_000);
})).ToList();
var all = Task.WhenAll(running);
// Ends at the hard cap, or at Ctrl+C / SIGTERM (the host takes those signals): either way the run counts as cut.
await Task.WhenAny(all, Task.Delay(options.HardCap, server.Stopping).ContinueWith(_ => { }, TaskScheduler.Default));
bool cut = !all.IsCompleted;
double wall = clock.Elapsed.TotalSeconds;
metrics.Recording = false;
var cpuAfter = ProcessTree.Totals();
string loadAfter = ProcessTree.LoadAverage();
if (cut)
{
    // Steps still waiting: closing the contexts ends their waits with errors that the report does not count.
    foreach (var p in pages) await p.Context.CloseAsync();
    await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(10)));
}
foreach (var s in sessions.OfType<ProtocolSession>()) await s.DisposeAsync();
var samples = sampler.Samples;
var errors = timings.Errors;

var report = new Report
{
    Options = options, CatalogId = server.CatalogId, Features = server.Catalog.Count,
    GenerateSeconds = source.Took.TotalSeconds, IndexSeconds = indexSeconds,
    Timings = timings.All, Errors = errors, Rounds = sessions.Sum(s => s.Rounds), WallSeconds = wall, CutAtHardCap = cut,
    Server = metrics, Baseline = sampler.Baseline, Samples = samples, BrowserPeakResident = sampler.BrowserPeakResident,
    SelfCpuSeconds = cpuAfter.SelfCpu - cpuBefore.SelfCpu, BrowserCpuSeconds = cpuAfter.ChildrenCpu - cpuBefore.ChildrenCpu,
    LoadBefore = loadBefore, LoadAfter = loadAfter,
    Client = browser is not null ? "browser" : "protocol",
    RenderBatches = sessions.OfType<ProtocolSession>().Sum(s => s.Batches),
    RenderBatchBytes = sessions.OfType<ProtocolSession>().Sum(s => s.BatchBytes),
    ClientWorkSeconds = (ClientCpu.Nanoseconds - clientWorkBefore) / 1e9,
};
log.WriteLine();
log.WriteLine(report.Text());
string json = report.Json();
if (options.Json is { } file) File.WriteAllText(file, json + Environment.NewLine);
log.WriteLine(json);
// Missed targets are reported, not failed. 1: a step failed or the run was cut at the hard cap; 3: every step
// succeeded but a page reported script or console errors.
return errors.Any(e => !e.PageOnly) || cut ? 1 : errors.Count > 0 ? 3 : 0;
