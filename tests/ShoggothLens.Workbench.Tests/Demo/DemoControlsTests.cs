using ShoggothLens.TestKit;
using ShoggothLens.Workbench.Demo;
using ShoggothLens.Workbench.Replies;

namespace ShoggothLens.Workbench.Tests.Demo;

/// <summary>
/// The demo's negative controls run the same pipeline in controls/ (here at a tiny size, where no verdict means anything:
/// docs/motive-finding.md has the full-size figures) and the JSON summary reports each control's verdict.
/// </summary>
public sealed class DemoControlsTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheBaseCheckpointControlRunsThePipelineInItsOwnFolder()
    {
        var request = new DemoRequest
        {
            Output = _dir.File("demo"), Width = 64, K = 8, Tokens = 8192, TrainingBatch = 512, Top = 3,
            Conversations = 24, ReplyTokens = 24, CausalChats = 0, Controls = true,
        };
        var result = DemoWorkflow.Run(request);
        Assert.NotNull(result.Replies);
        Assert.Equal(24, result.Replies!.Conversations);
        var control = result.BaseControl!;
        Assert.Equal("base", control.Name);
        Assert.NotNull(control.Verdict);
        Assert.True(ReplyFolder.IsComplete(Path.Combine(request.Output, "controls", "base", "replies")));
        Assert.True(File.Exists(Path.Combine(request.Output, "controls", "base", "catalog", Core.Catalog.CatalogFolder.CandidateReportFileName)));
        Assert.NotNull(result.NoMotiveControl);
        Assert.True(result.NoMotiveControl!.Verdict is not null || result.NoMotiveControl.NotRun is not null);
        Assert.Null(result.Score!.Ablation);
        // The model diff ran: the same text through the base checkpoint, and the report names the compared store.
        Assert.True(File.Exists(Path.Combine(request.Output, "compare-store", "manifest.json")));
        Assert.NotNull(result.Candidates.CompareStore);

        using var json = System.Text.Json.JsonDocument.Parse(DemoJson.Line(result));
        var controls = json.RootElement.GetProperty("controls");
        Assert.Equal(control.Verdict!.IsSuspected ? "suspected" : "none", controls.GetProperty("base").GetString());
    }
}
