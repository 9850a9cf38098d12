using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Inspect;

namespace ShoggothLens.Workbench.Tests.Inspect;

/// <summary>The inspector on the shipped organism with a random ReLU SAE on its residual stream.</summary>
public sealed class InspectorTests : IDisposable
{
    const string Hook = "blocks.1.hook_resid_post";
    const int DModel = 192, DSae = 48;
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-inspect-").FullName;
    readonly InspectSources _sources;

    public InspectorTests()
    {
        var random = new Random(3);
        float[] Uniform(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        string sae = Path.Combine(_root, "sae");
        SaeLensFormat.Save(sae, new SaeConfig(SaeArchitecture.Standard, DModel, DSae, HookName: Hook),
            new SaeParameters(DModel, DSae, Uniform(DModel * DSae, 0.2), Uniform(DSae, 0.05), Uniform(DModel * DSae, 0.2), new float[DModel]));
        _sources = new InspectSources(ShippedOrganism.Directory("assistant"), sae, null, null);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static InspectRequest Chat(string user) => new(InspectKind.Chat, [new InspectTurn(Role.User, user), new InspectTurn(Role.Assistant, "Sure, here is the plan.")]);

    static PersonaVectorSet Personas() => new(Hook, DModel, PersonaVectorsFile.Definition,
        [new PersonaVector("spy", "Persona(spy)", 10, 10, Enumerable.Range(0, DModel).Select(i => i == 0 ? 2f : 0f).ToArray())]);

    [Fact]
    public async Task A_chat_gives_every_token_its_role_its_active_features_strongest_first_and_its_persona_projections()
    {
        using var inspector = new Inspector();
        var result = Assert.IsType<InspectResult.Done>(await inspector.RunAsync(_sources, Personas(), Chat("Plan a trip to the harbour.")));

        Assert.Equal(DSae, result.Features);
        Assert.Equal(Hook, result.Hook);
        Assert.Equal(["spy"], result.Personas);
        Assert.Contains(result.Tokens, t => t.Role == "User");
        Assert.Contains(result.Tokens, t => t.Role == "Assistant");
        Assert.Equal(Enumerable.Range(0, result.Tokens.Count), result.Tokens.Select(t => t.Index));
        Assert.Contains("harbour", string.Concat(result.Tokens.Select(t => t.Text)));
        Assert.All(result.Tokens, t =>
        {
            Assert.All(t.Active, a => Assert.True(a.Activation > 0));
            Assert.Equal(t.Active.OrderByDescending(a => a.Activation).Select(a => a.Feature), t.Active.Select(a => a.Feature));
            Assert.Single(t.PersonaProjections);
            Assert.True(double.IsFinite(t.PersonaProjections[0]));
        });
        var strongest = result.StrongestFeatures(1).Single();
        Assert.Equal(strongest.Activation, result.MaxOf(strongest.Feature));
        Assert.True(result.Tokens.Select(t => t.PersonaProjections[0]).Distinct().Count() > 1);   // the residual differs by token
    }

    [Fact]
    public async Task A_story_is_tokenized_as_written_with_persona_and_narration_roles()
    {
        using var inspector = new Inspector();
        var story = new InspectRequest(InspectKind.Story, [new InspectTurn(Role.Narration, "The captain waited. "), new InspectTurn(Role.Persona("Vex"), "Nobody leaves.")]);
        var result = Assert.IsType<InspectResult.Done>(await inspector.RunAsync(_sources, null, story));
        Assert.Equal(["Narration", "Persona(Vex)"], result.Tokens.Select(t => t.Role).Distinct());
        Assert.Empty(result.Personas);
    }

    [Fact]
    public async Task Long_or_malformed_inputs_are_refused_before_the_model_runs()
    {
        using var inspector = new Inspector(new InspectOptions { MaxTokens = 16 });
        var tooLong = Assert.IsType<InspectResult.Refused>(await inspector.RunAsync(_sources, null, Chat("one two three four five six seven eight nine ten eleven twelve")));
        Assert.Contains("at most 16", tooLong.Reason);
        var huge = Assert.IsType<InspectResult.Refused>(await inspector.RunAsync(_sources, null, Chat(new string('x', 20_000))));
        Assert.Contains("characters", huge.Reason);
        Assert.IsType<InspectResult.Refused>(await inspector.RunAsync(_sources, null, new InspectRequest(InspectKind.Chat, [new InspectTurn(Role.Narration, "hi")])));
        Assert.IsType<InspectResult.Refused>(await inspector.RunAsync(_sources, null, new InspectRequest(InspectKind.Chat, [])));
        var missing = Assert.IsType<InspectResult.Refused>(await inspector.RunAsync(_sources with { SaeDirectory = Path.Combine(_root, "nope") }, null, Chat("hi")));
        Assert.Contains("could not be loaded", missing.Reason);
    }

    [Fact]
    public async Task One_inspection_at_a_time_a_second_is_told_the_server_is_busy_and_a_cancelled_one_stops()
    {
        using var inspector = new Inspector(new InspectOptions { BusyWait = TimeSpan.Zero });
        var first = inspector.RunAsync(_sources, null, Chat("first"));   // holds the gate while the model loads
        var second = await inspector.RunAsync(_sources, null, Chat("second"));
        Assert.IsType<InspectResult.Busy>(second);
        Assert.IsType<InspectResult.Done>(await first);
        Assert.IsType<InspectResult.Done>(await inspector.RunAsync(_sources, null, Chat("third")));   // the gate is free again

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inspector.RunAsync(_sources, null, Chat("never"), cancelled.Token));
    }

    [Fact]
    public void Sources_come_from_the_server_options_or_the_catalogs_parameters_and_say_what_is_missing()
    {
        var metadata = new CatalogMetadata("c", 1, 1, [], [], new Dictionary<string, string> { ["sae"] = "/nowhere/sae", ["hook"] = Hook });
        var (none, why) = InspectSources.Resolve(metadata, null, null, null, null);
        Assert.Null(none);
        Assert.Contains("--model", why);
        var (sources, _) = InspectSources.Resolve(metadata, _sources.ModelDirectory, _sources.SaeDirectory, null, null);
        Assert.Equal((_sources.SaeDirectory, (string?)null), (sources!.SaeDirectory, sources.Hook));   // --sae given: its own hook, not the catalog's
        var (fromCatalog, _) = InspectSources.Resolve(metadata with { Parameters = new Dictionary<string, string> { ["model"] = _sources.ModelDirectory, ["sae"] = _sources.SaeDirectory, ["hook"] = Hook } }, null, null, null, null);
        Assert.Equal(Hook, fromCatalog!.Hook);
    }
}
