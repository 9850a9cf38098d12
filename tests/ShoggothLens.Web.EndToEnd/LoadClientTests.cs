using System.Diagnostics;
using ShoggothLens.LoadTest;
using ShoggothLens.LoadTest.Circuit;
using ShoggothLens.TestKit.WebCatalogs;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>
/// The load tool's protocol client (tools/LoadTest, issue 12's load figures) against the real server: one session
/// walks a round of every page over a small synthetic catalog through a real circuit, without a browser. Each step
/// checks the content the server's own index says the page must show, so a page whose marks or behaviour change
/// under the client (or a client that misreads render batches) fails here, not first in a benchmark.
/// </summary>
public sealed class LoadClientTests : IAsyncLifetime
{
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-loadclient-").FullName;
    InProcessServer? _server;

    public async Task InitializeAsync()
    {
        var folder = SyntheticCatalog.Write(Path.Combine(_root, "synthetic-400"), new SyntheticCatalogOptions(Features: 400, Seed: 3));
        _server = await InProcessServer.StartAsync(folder);
    }

    [Fact]
    public async Task One_session_walks_every_page_through_a_real_circuit_without_a_failed_step()
    {
        var timings = new Timings();
        // Generous step timeout: CI's 2 cores may be busy with other test assemblies.
        var options = new LoadOptions(Sessions: 1, StepTimeout: TimeSpan.FromSeconds(60), Seed: 5);
        await using (var session = new ProtocolSession(0, _server!, timings, options))
        {
            await session.RunAsync(Stopwatch.StartNew(), TimeSpan.FromMinutes(3), maxRounds: 2);
            Assert.True(session.Batches > 10, $"{session.Batches} render batches");
        }

        Assert.Empty(timings.Errors.Select(e => $"{e.Step}: {e.Message}"));
        var steps = timings.All.Select(t => t.Step).ToHashSet();
        foreach (string step in new[]
        {
            Steps.GridFirstRows, Steps.GridInteractive, Steps.FeatureContent,
            Steps.FeatureInteractive, Steps.FromGrid, Steps.NextPrev,
            Steps.GridButton, Steps.Compare, Steps.Personas, Steps.Review,
        })
            Assert.Contains(step, steps);
        Assert.All(timings.All, t => Assert.True(t.Milliseconds >= 0 && t.Milliseconds < 60_000, $"{t.Step}: {t.Milliseconds} ms"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
