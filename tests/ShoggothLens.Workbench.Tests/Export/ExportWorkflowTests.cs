using ShoggothLens.Core.Work;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Export;

namespace ShoggothLens.Workbench.Tests.Export;

/// <summary>Exporting a catalog through the entry point: shards, progress, cancellation and resume, option errors.</summary>
public class ExportWorkflowTests
{
    [Fact]
    public void Shards_together_are_the_whole_export_and_a_cancelled_export_resumes()
    {
        using var temp = new TempDirectory();
        string catalog = SyntheticCatalogs.Write(temp.File("catalog"), 10, new Dictionary<string, string> { ["hook"] = "blocks.0.hook_resid_post" });
        var request = new ExportRequest { Catalog = catalog, Format = ExportFormat.Csv, Output = temp.File("whole"), BatchSize = 3 };

        var reports = new List<WorkProgress>();
        var whole = ExportWorkflow.Run(request, new InlineProgress<WorkProgress>(reports.Add));
        Assert.False(whole.Cancelled);
        Assert.Equal((0, 10, 10, 4), (whole.First, whole.End, whole.CatalogFeatures, whole.Plan!.Batches));
        Assert.Equal(4, whole.Batches!.Written);
        Assert.Equal((10L, 10L, "features"), (reports[^1].Done, reports[^1].Total, reports[^1].Unit));

        string sharded = temp.File("sharded");
        for (int i = 0; i < 2; i++)
        {
            var part = ExportWorkflow.Run(request with { Output = sharded, ShardIndex = i, ShardCount = 2 });
            Assert.Equal((2 * i, 2 * i + 2), (part.FirstBatch, part.EndBatch));
        }
        StoreFiles.AssertIdentical(request.Output, sharded);

        string resumed = temp.File("resumed");
        using var cancel = new CancellationTokenSource();
        var stopped = ExportWorkflow.Run(request with { Output = resumed },
            new InlineProgress<WorkProgress>(r => { if (r.Done >= 3) cancel.Cancel(); }), cancel.Token);
        Assert.True(stopped.Cancelled);
        Assert.InRange(stopped.Batches!.Written, 1, 3);
        var finished = ExportWorkflow.Run(request with { Output = resumed });
        Assert.Equal(stopped.Batches.Written, finished.Batches!.Skipped);
        StoreFiles.AssertIdentical(request.Output, resumed);
    }

    [Fact]
    public void Bad_ranges_and_a_missing_sae_name_their_options()
    {
        using var temp = new TempDirectory();
        string catalog = SyntheticCatalogs.Write(temp.File("catalog"), 6, new Dictionary<string, string> { ["hook"] = "blocks.0.hook_resid_post" });
        var range = Assert.Throws<InvalidOptionException>(() => ExportWorkflow.Run(new ExportRequest
        {
            Catalog = catalog, Format = ExportFormat.Json, Output = temp.File("a"), Features = "4-9",
        }));
        Assert.Equal(nameof(ExportRequest.Features), range.Option);
        Assert.Contains("0 ≤ A ≤ B < 6", range.Message);

        var sae = Assert.Throws<InvalidOptionException>(() => ExportWorkflow.Run(new ExportRequest
        {
            Catalog = catalog, Format = ExportFormat.SaeLens, Output = temp.File("b"),
        }));
        Assert.Equal(nameof(ExportRequest.Sae), sae.Option);
    }
}
