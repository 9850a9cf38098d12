using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;

namespace ShoggothLens.Core.Tests.Export;

public sealed class ScoreFormatTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "score-export-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("json")]
    public void ScoreFilesAreCheckedBeforeTheyAreSkipped(string kind)
    {
        var candidates = CandidateSet.FromRanked([4, 1]);
        IBatchFormat format = kind == "csv" ? new ScoreCsvFormat(candidates) : new ScoreJsonFormat(candidates);
        string catalogDir = Path.Combine(_dir, "catalog");
        FeatureCatalogWriter.Write(catalogDir, ExportCatalogs.Metadata(6), ExportCatalogs.Full(6));
        using var catalog = FeatureCatalog.Open(catalogDir);
        string outDir = Path.Combine(_dir, "out");
        var plan = new BatchPlan(0, 6, 4);
        BatchExporter.Run(catalog, outDir, format, plan);
        string first = Path.Combine(outDir, $"batch-0.{kind}"), second = Path.Combine(outDir, $"batch-1.{kind}");
        Assert.True(format.IsComplete(first, 0, 4));
        Assert.True(format.IsComplete(second, 4, 6));
        Assert.False(format.IsComplete(first, 0, 3));
        Assert.False(format.IsComplete(second, 3, 5));

        byte[] whole = File.ReadAllBytes(first);
        File.WriteAllBytes(first, whole[..^5]);
        Assert.False(format.IsComplete(first, 0, 4));
        var summary = BatchExporter.Run(catalog, outDir, format, plan);
        Assert.Equal((1, 1, 1), (summary.Written, summary.Replaced, summary.Skipped));
        Assert.Equal(whole, File.ReadAllBytes(first));
    }

    [Fact]
    public void CsvTextIsTheHeaderAndOneRowPerFeature()
    {
        var features = ExportCatalogs.Full(3);
        var candidates = CandidateSet.FromRanked([2]);
        string csv = ScoreExport.Csv(ExportCatalogs.Metadata(3), features, candidates);
        var lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal(ScoreExport.CsvHeader(ExportCatalogs.Metadata(3)), lines[0] + "\n");
        Assert.Equal(ScoreExport.CsvRow(features[2], candidates), lines[3] + "\n");
        Assert.All(lines, l => Assert.Equal(16 + 3, ScoreExport.CsvFields(l)));
        // hidden_motive_candidate is the report's candidate set; outside_role_leak the catalog's own flag.
        var header = lines[0].Split(',').ToList();
        int candidate = header.IndexOf("hidden_motive_candidate"), leak = header.IndexOf("outside_role_leak");
        Assert.Equal(["0", "0", "1"], lines.Skip(1).Select(l => l.Split(',')[candidate]));
        Assert.Equal(features.Select(f => f.Scores.OutsideRoleLeak ? "1" : "0"), lines.Skip(1).Select(l => l.Split(',')[leak]));
        Assert.Equal(3, ScoreExport.CsvFields("a,\"b,c\",d"));
        Assert.Equal(-1, ScoreExport.CsvFields("a,\"b"));
    }

    [Theory]
    [InlineData("{\"model_id\":\"m\",\"features\":[{\"feature_index\":3,\"x\":[1,{\"feature_index\":9}]},{\"feature_index\":4}]}\n", true)]
    [InlineData("{\"features\":[{\"feature_index\":3},{\"feature_index\":4}]} trailing", false)]
    [InlineData("{\"features\":[{\"feature_index\":3},{\"feature_index\":4}]", false)]
    [InlineData("{\"features\":[{\"feature_index\":4},{\"feature_index\":3}]}", false)]
    [InlineData("{\"features\":[{\"feature_index\":3},{\"feature_index\":4},{\"feature_index\":5}]}", false)]
    [InlineData("{\"features\":[{\"feature_index\":3,\"feature_index\":3},{\"feature_index\":4}]}", false)]
    [InlineData("{\"features\":[{\"feature_index\":3},{\"feature_index\":\"4\"}]}", false)]
    [InlineData("{\"other\":[{\"feature_index\":3},{\"feature_index\":4}]}", false)]
    [InlineData("[{\"feature_index\":3},{\"feature_index\":4}]", false)]
    public void ABatchFileIsCompleteOnlyWhenItIsWholeJsonWithExactlyItsFeatures(string text, bool complete)
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "batch-0.json");
        File.WriteAllText(path, text);
        Assert.Equal(complete, BatchFileCheck.FeatureIndices(path, "features", 3, 5));
    }
}
