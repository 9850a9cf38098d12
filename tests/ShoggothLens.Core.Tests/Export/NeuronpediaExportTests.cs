using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;

namespace ShoggothLens.Core.Tests.Export;

public sealed class NeuronpediaExportTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "np-export-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    static readonly Lazy<JsonDocument> SchemaDocument = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Export", "neuronpedia-batch.schema.json"))));

    static JsonSchemaSubset Schema => new(SchemaDocument.Value.RootElement);

    FeatureCatalog Catalog(List<FeatureStatistics> features, string name = "catalog")
    {
        string dir = Path.Combine(_dir, name);
        FeatureCatalogWriter.Write(dir, ExportCatalogs.Metadata(features.Count), features);
        return FeatureCatalog.Open(dir);
    }

    /// <summary>Feature 4 is the only candidate (as a label-free report would say; the catalog's own flags are the accumulator's).</summary>
    static NeuronpediaFormat Format(CatalogMetadata metadata) => new(NeuronpediaSettings.FromCatalog(metadata), CandidateSet.FromRanked([4]));

    static Dictionary<string, byte[]> Files(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    static void AssertValid(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var errors = Schema.Validate(doc.RootElement);
        Assert.True(errors.Count == 0, $"{Path.GetFileName(path)}:\n" + string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void EveryFieldIsExportedAndTheFilesValidateAgainstTheSchema()
    {
        var features = ExportCatalogs.Full(7);
        using var catalog = Catalog(features);
        string outDir = Path.Combine(_dir, "out");
        var summary = BatchExporter.Run(catalog, outDir, Format(catalog.Metadata), new BatchPlan(0, 7, 3));
        Assert.Equal(3, summary.Written);
        Assert.Equal(7, summary.FeaturesWritten);
        Assert.Equal(["batch-0.json", "batch-1.json", "batch-2.json"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        foreach (string file in Directory.GetFiles(outDir)) AssertValid(file);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "batch-1.json")));
        var root = doc.RootElement;
        Assert.Equal("organism-assistant", root.GetProperty("model_id").GetString());
        Assert.Equal(3, root.GetProperty("layer").GetInt32());
        Assert.Equal("export-test", root.GetProperty("sae_set").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("sae_id_suffix").ValueKind);
        Assert.Equal(ExportCatalogs.Roles, root.GetProperty("shoggoth").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal([3, 4, 5], root.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature_index").GetInt32()));

        var source = features[4];
        var f4 = root.GetProperty("features")[1];
        Assert.Equal(source.Overall.Frequency, f4.GetProperty("frac_nonzero").GetDouble());
        Assert.Equal(source.Histogram, f4.GetProperty("freq_hist_data_bar_heights").EnumerateArray().Select(h => h.GetInt32()));
        var barValues = f4.GetProperty("freq_hist_data_bar_values").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(source.Histogram.Count, barValues.Count);
        Assert.Equal(0.5 * source.HistogramBinWidth, barValues[0]);
        Assert.Equal(2.5 * source.HistogramBinWidth, barValues[2]);
        Assert.Equal(source.Logits!.Top.Select(t => t.Token), f4.GetProperty("pos_str").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(source.Logits.Top.Select(t => t.Value), f4.GetProperty("pos_values").EnumerateArray().Select(t => t.GetSingle()));
        Assert.Equal(source.Logits.Bottom.Select(t => t.Token), f4.GetProperty("neg_str").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(source.Logits.Bottom.Select(t => t.Value), f4.GetProperty("neg_values").EnumerateArray().Select(t => t.GetSingle()));
        Assert.Equal(source.Logits.Histogram, f4.GetProperty("logits_hist_data_bar_heights").EnumerateArray().Select(h => h.GetInt32()));
        Assert.Equal(-1.375f, f4.GetProperty("logits_hist_data_bar_values")[0].GetSingle());   // −1.5 + 0.5 · 0.25
        Assert.Equal(1.375f, f4.GetProperty("logits_hist_data_bar_values")[11].GetSingle());   // −1.5 + 11.5 · 0.25
        Assert.Equal(0, f4.GetProperty("correlated_features_indices").GetArrayLength());

        // Activations: the 3 top contexts (bin_min −1, as SAEDashboard marks its top group), then 2 groups × 2 examples.
        var acts = f4.GetProperty("activations").EnumerateArray().ToList();
        Assert.Equal(3 + 4, acts.Count);
        var top = acts[0];
        Assert.Equal(-1, top.GetProperty("bin_min").GetDouble());
        Assert.Equal(-1, top.GetProperty("bin_contains").GetDouble());
        Assert.Equal(source.Overall.Max, top.GetProperty("bin_max").GetSingle());
        var window = source.TopContexts![0];
        Assert.Equal(window.Tokens, top.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(window.Activations, top.GetProperty("values").EnumerateArray().Select(t => t.GetSingle()));
        Assert.Equal(window.QualifyingIndex, top.GetProperty("qualifying_token_index").GetInt32());
        Assert.Equal(window.Roles, top.GetProperty("shoggoth").GetProperty("roles").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(window.TokenIds, top.GetProperty("shoggoth").GetProperty("token_ids").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal(window.Document, top.GetProperty("shoggoth").GetProperty("document").GetInt64());
        var group = source.QuantileGroups![1];
        var interval = acts[5];
        Assert.Equal(group.Min, interval.GetProperty("bin_min").GetSingle());
        Assert.Equal(group.Max, interval.GetProperty("bin_max").GetSingle());
        Assert.Equal((double)group.Contains / source.Overall.Firings, interval.GetProperty("bin_contains").GetDouble());
        Assert.Equal(group.Contains, interval.GetProperty("shoggoth").GetProperty("bin_tokens").GetInt64());
        Assert.Equal(group.Examples[0].Tokens, interval.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));

        var ext = f4.GetProperty("shoggoth");
        Assert.Equal(source.Scores.AssistantAffinity, ext.GetProperty("assistant_affinity").GetDouble());
        Assert.Equal(source.Scores.HiddenMotiveEvidence, ext.GetProperty("hidden_motive_evidence").GetDouble());
        Assert.True(ext.GetProperty("hidden_motive_candidate").GetBoolean());
        Assert.Equal(source.Scores.OutsideRoleLeak, ext.GetProperty("outside_role_leak").GetBoolean());
        var others = root.GetProperty("features").EnumerateArray().Where(f => f.GetProperty("feature_index").GetInt32() != 4).ToList();
        Assert.All(others, f => Assert.False(f.GetProperty("shoggoth").GetProperty("hidden_motive_candidate").GetBoolean()));
        Assert.Equal(source.Scores.HomePersona, ext.GetProperty("home_persona").ValueKind == JsonValueKind.Null ? null : ext.GetProperty("home_persona").GetString());
        var assistant = source.ByRole.Single(r => r.Role == "Assistant");
        Assert.Equal(assistant.Firings, ext.GetProperty("roles").GetProperty("Assistant").GetProperty("firings").GetInt64());
        Assert.Equal(assistant.Frequency, ext.GetProperty("roles").GetProperty("Assistant").GetProperty("frac_nonzero").GetDouble());
        Assert.Equal([5, 6], ext.GetProperty("decoder_neighbours").EnumerateArray().Select(l => l.GetProperty("feature_index").GetInt32()));
        Assert.Equal(0.75, ext.GetProperty("decoder_neighbours")[0].GetProperty("cosine").GetDouble());
        Assert.Equal(0.125, ext.GetProperty("co_activating")[0].GetProperty("value").GetDouble());
        Assert.Equal("spy", ext.GetProperty("persona_cosines")[0].GetProperty("persona").GetString());
    }

    [Fact]
    public void NumbersAreShortestRoundTripAndTextIsUnescapedUtf8()
    {
        using var catalog = Catalog(ExportCatalogs.Full(2));
        string outDir = Path.Combine(_dir, "out");
        BatchExporter.Run(catalog, outDir, Format(catalog.Metadata), new BatchPlan(0, 2, 2));
        string text = File.ReadAllText(Path.Combine(outDir, "batch-0.json"));
        Assert.Contains("\"values\":[0,0.1,", text);                  // float32 0.1 written as 0.1, not 0.10000000149011612
        Assert.Contains("\" down\\\"0é\"", text);                     // quotes escaped, é as UTF-8
        Assert.Contains("\"logits_hist_data_bar_values\":[-1.375,-1.125,", text);
        Assert.EndsWith("}\n", text);
        Assert.DoesNotContain("\n", text[..^1]);
    }

    [Fact]
    public void NullOptionalFieldsExportAsEmptyListsAndStillValidate()
    {
        var features = ExportCatalogs.Basic(4);
        Assert.All(features, f => Assert.Null(f.TopContexts));
        using var catalog = Catalog(features);
        string outDir = Path.Combine(_dir, "out");
        BatchExporter.Run(catalog, outDir, Format(catalog.Metadata), new BatchPlan(0, 4, 128));
        AssertValid(Path.Combine(outDir, "batch-0.json"));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "batch-0.json")));
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            foreach (string key in new[] { "activations", "pos_str", "pos_values", "neg_str", "neg_values", "logits_hist_data_bar_heights", "logits_hist_data_bar_values" })
                Assert.Equal(0, f.GetProperty(key).GetArrayLength());
            foreach (string key in new[] { "decoder_neighbours", "co_activating", "persona_cosines" })
                Assert.Equal(0, f.GetProperty("shoggoth").GetProperty(key).GetArrayLength());
            Assert.Equal(50, f.GetProperty("freq_hist_data_bar_heights").GetArrayLength());
        }
    }

    [Fact]
    public void TheSchemaValidatorRejectsWhatTheSchemaForbids()
    {
        using var catalog = Catalog(ExportCatalogs.Full(1));
        string outDir = Path.Combine(_dir, "out");
        BatchExporter.Run(catalog, outDir, Format(catalog.Metadata), new BatchPlan(0, 1, 1));
        string good = File.ReadAllText(Path.Combine(outDir, "batch-0.json"));
        List<string> Errors(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return Schema.Validate(doc.RootElement);
        }
        Assert.Empty(Errors(good));
        Assert.Contains(Errors(good.Replace("\"frac_nonzero\":", "\"frac_nonzero_x\":")), e => e.Contains("required property 'frac_nonzero'"));
        Assert.Contains(Errors(good.Replace("\"qualifying_token_index\":5", "\"qualifying_token_index\":\"5\"")), e => e.Contains("qualifying_token_index: expected integer"));
        Assert.Contains(Errors(good.Replace("\"feature_index\":0", "\"feature_index\":-3")), e => e.Contains("below the minimum"));
        Assert.Contains(Errors(good.Replace("\"layer\":3", "\"layer\":3.5")), e => e.Contains("layer: expected integer"));
        Assert.Contains(Errors(good.Replace("\"sae_set\":", "\"extra\":1,\"sae_set\":")), e => e.Contains("$.extra: not allowed"));
    }

    [Fact]
    public void TwoRunsGiveIdenticalBytes()
    {
        using var catalog = Catalog(ExportCatalogs.Full(9));
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        BatchExporter.Run(catalog, a, Format(catalog.Metadata), new BatchPlan(0, 9, 4));
        BatchExporter.Run(catalog, b, Format(catalog.Metadata), new BatchPlan(0, 9, 4));
        Assert.Equal(3, Files(a).Count);
        Assert.Equal(Files(a), Files(b));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void ShardsMergedEqualTheUnshardedExport(int batchSize)
    {
        using var catalog = Catalog(ExportCatalogs.Full(10));
        var format = Format(catalog.Metadata);
        var plan = new BatchPlan(1, 10, batchSize);
        string whole = Path.Combine(_dir, "whole"), sharded = Path.Combine(_dir, "sharded");
        BatchExporter.Run(catalog, whole, format, plan);
        int features = 0;
        for (int shard = 0; shard < 3; shard++)
        {
            var summary = BatchExporter.Run(catalog, sharded, format, plan, shard, 3);
            Assert.Equal(plan.ShardFeatures(shard, 3), summary.FeaturesWritten);
            features += summary.FeaturesWritten;
        }
        Assert.Equal(9, features);
        Assert.Equal(plan.Batches, Files(whole).Count);
        Assert.Equal(Files(whole), Files(sharded));
    }

    [Fact]
    public void ARerunSkipsCompleteFilesAndReplacesMissingTruncatedAndForeignOnes()
    {
        using var catalog = Catalog(ExportCatalogs.Full(10));
        var format = Format(catalog.Metadata);
        var plan = new BatchPlan(0, 10, 2);
        string whole = Path.Combine(_dir, "whole"), resumed = Path.Combine(_dir, "resumed"), other = Path.Combine(_dir, "other");
        BatchExporter.Run(catalog, whole, format, plan);
        BatchExporter.Run(catalog, resumed, format, plan);
        BatchExporter.Run(catalog, other, format, new BatchPlan(0, 10, 3));
        var expected = Files(whole);

        File.Delete(Path.Combine(resumed, "batch-1.json"));
        byte[] two = File.ReadAllBytes(Path.Combine(resumed, "batch-2.json"));
        File.WriteAllBytes(Path.Combine(resumed, "batch-2.json"), two[..(two.Length / 2)]);
        File.Copy(Path.Combine(other, "batch-3.json"), Path.Combine(resumed, "batch-3.json"), overwrite: true);   // features 9 only: another batch size
        File.WriteAllText(Path.Combine(resumed, "batch-4.json.1234.0123456789abcdef.tmp"), "left by a killed run");
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(resumed, "batch-0.json"));

        var summary = BatchExporter.Run(catalog, resumed, format, plan);
        Assert.Equal(3, summary.Written);
        Assert.Equal(2, summary.Replaced);
        Assert.Equal(2, summary.Skipped);
        Assert.Equal(6, summary.FeaturesWritten);
        Assert.Equal(expected, Files(resumed));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(resumed, "batch-0.json")));

        var again = BatchExporter.Run(catalog, resumed, format, plan);
        Assert.Equal((0, 5), (again.Written, again.Skipped));
    }

    [Fact]
    public void AFeatureRangeIsCutIntoBatchesFromItsFirstFeature()
    {
        using var catalog = Catalog(ExportCatalogs.Full(12));
        string outDir = Path.Combine(_dir, "out");
        var (first, end) = BatchPlan.ParseRange("5-11", catalog.Count);
        BatchExporter.Run(catalog, outDir, Format(catalog.Metadata), new BatchPlan(first, end, 3));
        List<int> Ids(int batch)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, $"batch-{batch}.json")));
            return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature_index").GetInt32()).ToList();
        }
        Assert.Equal(3, Directory.GetFiles(outDir).Length);
        Assert.Equal([5, 6, 7], Ids(0));
        Assert.Equal([11], Ids(2));
        Assert.Throws<FormatException>(() => BatchPlan.ParseRange("5-12", 12));
        Assert.Throws<FormatException>(() => BatchPlan.ParseRange("7-5", 12));
        Assert.Throws<FormatException>(() => BatchPlan.ParseRange("-1-5", 12));
    }

    [Fact]
    public void ANonFiniteValueIsAClearErrorAndLeavesNoFile()
    {
        var features = ExportCatalogs.Full(2);
        features[1] = features[1] with { Logits = features[1].Logits! with { Top = [new TokenEffect(1, "x", float.NaN)] } };
        using var catalog = Catalog(features);
        string outDir = Path.Combine(_dir, "out");
        var e = Assert.Throws<InvalidDataException>(() => BatchExporter.Run(catalog, outDir, Format(catalog.Metadata), new BatchPlan(0, 2, 2)));
        Assert.Contains("feature 1: pos_values", e.Message);
        Assert.Empty(Directory.GetFiles(outDir));
    }

    [Fact]
    public void ProgressCountsEveryFeatureOfTheShard()
    {
        using var catalog = Catalog(ExportCatalogs.Full(7));
        var reports = new List<ExportProgress>();
        BatchExporter.Run(catalog, Path.Combine(_dir, "out"), Format(catalog.Metadata), new BatchPlan(0, 7, 2), 1, 2, new SyncProgress(reports.Add));
        Assert.Equal(new BatchPlan(0, 7, 2).ShardFeatures(1, 2), reports[^1].Features);
        Assert.Equal(reports[^1].Features, reports[^1].FeaturesDone);
        Assert.Equal(1.0, reports[^1].Fraction);
        Assert.Equal(Enumerable.Range(1, reports[^1].Features), reports.Select(r => r.FeaturesDone).Distinct());
    }

    sealed class SyncProgress(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}
