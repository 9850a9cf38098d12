using Microsoft.Extensions.DependencyInjection;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Web.Components.Science;
using ShoggothLens.Web.Hosting;
using ShoggothLens.Web.Services;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Web.Tests.Science;

/// <summary>
/// The causal check panel's states (unavailable, denied, invalid, running, cancelled, done) and the runner's one check
/// per server, with real runs of the intervene workflow on the shipped organism and a random SAE on its residual stream
/// (tiny: one chat of each kind, a few tokens).
/// </summary>
public sealed class CausalCheckPanelTests(PlantedCatalogFixture planted, SyntheticCatalogFixture synthetic)
    : IClassFixture<PlantedCatalogFixture>, IClassFixture<SyntheticCatalogFixture>, IDisposable
{
    const string Hook = "blocks.1.hook_resid_post";
    const int DModel = 192, DSae = 96;
    readonly string _sae = WriteRandomSae(Path.Combine(Directory.CreateTempSubdirectory("shoggoth-causal-").FullName, "sae"));
    readonly List<BunitContext> _contexts = [];

    public void Dispose()
    {
        foreach (var c in _contexts) c.Dispose();
        try { Directory.Delete(Path.GetDirectoryName(_sae)!, recursive: true); } catch (IOException) { }
    }

    WebOptions OrganismOptions => new([], Model: ShippedOrganism.Directory("assistant"), Sae: _sae, Hook: Hook);

    /// <summary>A context over <paramref name="catalog"/> signed in as <paramref name="user"/> with <paramref name="role"/> (null: no authentication state at all).</summary>
    (BunitContext Context, CausalCheckRunner Runner) Context(string catalog, WebOptions options, string? user = "ada", string role = "Reviewer")
    {
        var runner = new CausalCheckRunner();
        var ctx = WebTestContext.Create(new CatalogLibrary(new CatalogLibraryOptions([catalog], null)), register: c =>
        {
            if (user is not null)
            {
                var auth = c.AddAuthorization();
                auth.SetAuthorized(user);
                auth.SetRoles(role);
            }
            c.Services.AddSingleton(options);
            c.Services.AddSingleton(runner);
        });
        _contexts.Add(ctx);
        return (ctx, runner);
    }

    static IRenderedComponent<CausalCheckPanel> Render(BunitContext ctx, int feature = 5)
    {
        var library = ctx.Services.GetRequiredService<CatalogLibrary>();
        var catalog = library.OpenAsync(library.Catalogs[0].Id).GetAwaiter().GetResult();
        return ctx.Render<CausalCheckPanel>(p => p.Add(x => x.Catalog, catalog).Add(x => x.Feature, feature));
    }

    static string State(IRenderedComponent<CausalCheckPanel> cut) => cut.Find("[data-causal-panel]").GetAttribute("data-state")!;

    [Fact]
    public void Without_a_model_on_this_machine_the_panel_says_what_is_missing()
    {
        var (ctx, _) = Context(synthetic.Directory, WebOptions.Default);   // the synthetic catalog names a model folder that does not exist
        var cut = Render(ctx);
        Assert.Equal("unavailable", State(cut));
        Assert.Contains("not on this machine", cut.Find("[data-causal-missing]").TextContent);
        Assert.Empty(cut.FindAll("#causal-run"));
    }

    [Fact]
    public void A_viewer_or_an_anonymous_visitor_cannot_run_it()
    {
        var (ctx, _) = Context(planted.Computed, OrganismOptions, "vic", "Viewer");
        var cut = Render(ctx);
        Assert.Equal("denied", State(cut));
        Assert.Contains("takes the Reviewer role", cut.Find("[data-causal-denied]").TextContent);
        Assert.True(cut.Find("#causal-run").HasAttribute("disabled"));

        var (anonymous, _) = Context(planted.Computed, OrganismOptions, user: null);
        var cut2 = Render(anonymous);
        Assert.Equal("denied", State(cut2));
        Assert.Contains("Sign in as a Reviewer", cut2.Find("[data-causal-denied]").TextContent);
    }

    [Fact]
    public void Bad_inputs_are_refused_before_anything_runs()
    {
        var (ctx, runner) = Context(planted.Computed, OrganismOptions);
        var cut = Render(ctx);
        cut.Find("[data-mode=steer]").Click();
        cut.Find("#causal-alphas").Change("1, 2, 3, 4, 5");
        cut.Find("#causal-run").Click();
        Assert.Equal("invalid", State(cut));
        Assert.Contains("At most 4 α values", cut.Find("[data-causal-notice]").TextContent);
        cut.Find("#causal-alphas").Change("4, x");
        cut.Find("#causal-run").Click();
        Assert.Contains("“x” is not a number", cut.Find("[data-causal-notice]").TextContent);
        cut.Find("#causal-chats").Change("500");
        cut.Find("#causal-alphas").Change("4");
        cut.Find("#causal-run").Click();
        Assert.Contains("between 1 and 20", cut.Find("[data-causal-notice]").TextContent);
        Assert.False(runner.IsRunning);
    }

    [Fact]
    public void An_ablation_runs_and_shows_the_ce_cost_the_motive_rates_as_ground_truth_and_the_samples()
    {
        var (ctx, runner) = Context(planted.Computed, OrganismOptions);
        var cut = Render(ctx, feature: 5);
        Assert.Equal("idle", State(cut));
        cut.Find("#causal-chats").Change("1");
        cut.Find("#causal-tokens").Change("8");
        cut.Find("#causal-ce").Change("1");
        cut.Find("#causal-run").Click();
        cut.WaitForAssertion(() => Assert.Equal("done", State(cut)), TimeSpan.FromMinutes(3));
        Assert.False(runner.IsRunning);
        Assert.NotNull(cut.Find("[data-ce-setting='ablate 5']"));
        var motive = cut.Find("[data-motive-rates]");
        Assert.Contains("ground truth", motive.TextContent);
        Assert.Equal(["baseline", "ablate 5"], cut.FindAll("[data-motive-setting]").Select(r => r.GetAttribute("data-motive-setting")));
        var samples = cut.FindAll("[data-sample]");
        Assert.Equal(2, samples.Count);   // one triggered chat, one untriggered
        Assert.Contains("ground truth: triggered", samples[0].TextContent);
        Assert.Contains("ground truth: untriggered", samples[1].TextContent);
        Assert.All(samples, s => Assert.Equal(2, s.QuerySelectorAll("[data-reply-setting]").Length));
    }

    [Fact]
    public void Cancel_stops_the_run_and_so_does_closing_the_page()
    {
        var (ctx, runner) = Context(planted.Computed, OrganismOptions);
        var cut = Render(ctx);
        cut.Find("#causal-chats").Change("20");
        cut.Find("#causal-tokens").Change("96");
        cut.Find("#causal-run").Click();
        Assert.Equal("running", State(cut));
        Assert.True(runner.IsRunning);
        Assert.NotNull(cut.Find("[data-causal-progress]"));
        cut.Find("#causal-cancel").Click();
        cut.WaitForAssertion(() => Assert.Equal("cancelled", State(cut)), TimeSpan.FromSeconds(60));
        Assert.False(runner.IsRunning);

        // Closing the circuit disposes the panel, which cancels its run.
        var (ctx2, runner2) = Context(planted.Computed, OrganismOptions);
        var cut2 = Render(ctx2);
        cut2.Find("#causal-chats").Change("20");
        cut2.Find("#causal-tokens").Change("96");
        cut2.Find("#causal-run").Click();
        Assert.True(runner2.IsRunning);
        ctx2.Dispose();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (runner2.IsRunning && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(50);
        Assert.False(runner2.IsRunning, "the run outlived its page");
    }

    [Fact]
    public async Task One_check_at_a_time_per_server_a_second_is_answered_busy()
    {
        using var runner = new CausalCheckRunner();
        using var cts = new CancellationTokenSource();
        var request = new InterveneRequest { Model = ShippedOrganism.Directory("assistant"), Sae = _sae, Hook = Hook, Ablate = [5], Chats = 20, MaxNewTokens = 96 };
        var first = runner.RunAsync(request, null, cts.Token);
        var second = await runner.RunAsync(request with { Chats = 1 });
        Assert.IsType<CausalCheckOutcome.Busy>(second);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(runner.IsRunning);
        // A feature outside the SAE is the workflow's refusal, in its words.
        var refused = Assert.IsType<CausalCheckOutcome.Refused>(await runner.RunAsync(request with { Ablate = [DSae + 3] }));
        Assert.Contains("outside this SAE", refused.Reason);
    }

    /// <summary>A ReLU SAE with random weights in SAELens layout at the organism's width.</summary>
    static string WriteRandomSae(string directory)
    {
        var random = new Random(9);
        float[] Normal(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var parameters = new SaeParameters(DModel, DSae, Normal(DModel * DSae, 0.2), Normal(DSae, 0.05), Normal(DModel * DSae, 0.2), new float[DModel]);
        SaeLensFormat.Save(directory, new SaeConfig(SaeArchitecture.Standard, DModel, DSae, HookName: Hook), parameters);
        return directory;
    }
}
