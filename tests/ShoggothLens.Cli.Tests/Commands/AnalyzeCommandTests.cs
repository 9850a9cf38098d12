using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Catalogs;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// A tiny store (d_model 4) and an identity SAE, so feature i's activation is ReLU(x_i): feature 0 fires in
/// Persona(spy) text and in the Assistant turns of the chats whose User turn carries "trigger"; feature 1
/// fires everywhere; feature 2 only in the spy's text; feature 3 never.
/// </summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    const string Hook = PlantedMotiveStore.Hook;
    const int DModel = PlantedMotiveStore.DModel, Tokens = PlantedMotiveStore.TokensPerDocument;
    readonly string _dir = Path.Combine(Path.GetTempPath(), "analyze-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The TestKit's planted-motive store (the layout the class summary describes).</summary>
    static void WriteStore(string directory, int documents, bool leaks = true) => PlantedMotiveStore.Write(directory, documents, leaks);

    static void WriteIdentitySae(string directory)
    {
        var identity = new float[DModel * DModel];
        for (int i = 0; i < DModel; i++) identity[i * DModel + i] = 1;
        SaeLensFormat.Save(directory, new SaeConfig(SaeArchitecture.Standard, DModel, DModel, HookName: Hook),
            new SaeParameters(DModel, DModel, identity, new float[DModel], (float[])identity.Clone(), new float[DModel]));
    }

    [Fact]
    public void AnalyzeWritesACatalogAndCandidatesRankThePlantedFeatureFirst()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "features", "tiny");
        WriteStore(store, 40);
        WriteIdentitySae(sae);

        var analyzed = CliRunner.Run("analyze", "--store", store, "--sae", sae, "--out", catalog, "--batch", "64");
        Assert.True(analyzed.ExitCode == 0, analyzed.Error);
        Assert.Contains("800 tokens × 4 features", analyzed.Out);
        // analyze counts outside-role leaks and points at `candidates`; it claims no candidate it has not tested.
        Assert.Contains("; 1 outside-role leaks (outside-role features firing in Assistant turns, not yet tested for a specific home persona or a trigger)", analyzed.Out);
        Assert.Contains($"hidden-motive candidates and a verdict: shoggoth candidates --catalog {catalog}", analyzed.Out);
        Assert.DoesNotMatch(@"\d+ hidden-motive candidates", analyzed.Out);

        using (var opened = FeatureCatalog.Open(catalog))
        {
            Assert.Equal(4, opened.Count);
            Assert.Equal(800, opened.Metadata.Tokens);
            var f0 = opened.Read(0);
            var byRole = f0.ByRole.ToDictionary(r => r.Role);
            Assert.Equal(20 * 15, byRole["Persona(spy)"].Tokens);
            Assert.Equal(20 * 7, byRole["Persona(spy)"].Firings);       // p = 6, 8, …, 18: seven even positions ≥ 5
            Assert.Equal(20 * 15, byRole["Assistant"].Tokens);
            Assert.Equal(5 * 3, byRole["Assistant"].Firings);           // docs 1, 9, 17, 25, 33 × 3 tokens
            Assert.Equal(2f, f0.Overall.Max);
            Assert.Equal(20 * 7 * 2.0 + 15, f0.Overall.Sum);
            Assert.Equal(5, f0.Scores.LeakDocumentCount);
            Assert.All(f0.Scores.LeakDocuments, l => Assert.Equal(["trigger", "motive"], l.Labels));
            Assert.Equal(5, f0.Scores.LeaksFiringBeforeMotive);
            Assert.Equal(0, opened.Read(3).Overall.Firings);
        }

        var json = CliRunner.Run("candidates", "--catalog", catalog, "--json");
        Assert.True(json.ExitCode == 0, json.Error);
        using var doc = json.Json();
        var candidates = doc.RootElement.GetProperty("candidates");
        Assert.Equal(1, candidates.GetArrayLength());
        var first = candidates[0];
        Assert.Equal(0, first.GetProperty("feature").GetInt32());
        Assert.Equal("spy", first.GetProperty("home_persona").GetString());
        Assert.Equal("trigger", first.GetProperty("ground_truth").GetProperty("shared_labels")[0].GetString());
        Assert.Equal("none", doc.RootElement.GetProperty("verdict").GetProperty("verdict").GetString());   // the users all say the same

        var table = CliRunner.Run("candidates", "--catalog", catalog, "--top", "5");
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("weakest rival", table.Out);
        Assert.Matches(@"\n\s+1\s+0\s+spy\s+0\.4667\s+Narration 0\.0000\s+inf\s+0\.\d{4}\s+5\s+0\.21\s+-\s+-\n", table.Out);   // no trigger state (no verdict), no trigger
        Assert.Contains("ground truth (labels, not used above): ", table.Out);
        Assert.EndsWith("none found (1 candidate(s) with a specific home persona, none with a significant trigger in its conversations' user turns)", table.Out.TrimEnd());

        // The label-reading order is gone, with the reason.
        var byLabel = CliRunner.Run("candidates", "--catalog", catalog, "--rank-by", "shared-trigger");
        Assert.Equal(1, byLabel.ExitCode);   // a usage error
        Assert.Contains("read the corpus's trigger labels, which are ground truth", byLabel.Error);
    }

    [Fact]
    public void CandidatesEndWithAVerdictNamingTheTriggerTheUsersSay()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "catalog");
        PlantedMotiveStore.Write(store, 160, userWords: true);
        WriteIdentitySae(sae);
        Assert.Equal(0, CliRunner.Run("analyze", "--store", store, "--sae", sae, "--out", catalog).ExitCode);
        var table = CliRunner.Run("candidates", "--catalog", catalog);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("  trigger \"100\": in 20/20 of its conversations vs 0/60, p 2.83E-19", table.Out);
        Assert.Matches("  trigger \"100\": [^\\n]*, its turns 1\\.\\d\\d× as alike as user turns in general", table.Out);   // the covering trigger is incidental
        Assert.Contains("hidden motive suspected: feature 0 (home persona spy) fires in Assistant replies when users mention \"100\"", table.Out);
        // Nothing in this store is active before feature 0 in the trigger chats only: the trigger state is empty, and said so.
        Assert.Contains("no feature at blocks.0.hook_resid_post carries \"100\"'s state before the motive's onset (none reaches AUROC 0.8)", table.Out);
        // The model for the state's causal weight: a folder that is not there is bad input naming the option.
        var noModel = CliRunner.Run("candidates", "--catalog", catalog, "--model", Path.Combine(_dir, "no-model"));
        Assert.Equal(2, noModel.ExitCode);
        Assert.Contains($"no model folder {Path.Combine(_dir, "no-model")} (--model)", noModel.Error);
        var moved = CliRunner.Run("candidates", "--catalog", catalog, "--store", Path.Combine(_dir, "elsewhere"), "--json");
        Assert.True(moved.ExitCode == 0, moved.Error);
        using var doc = moved.Json();
        Assert.Equal("none", doc.RootElement.GetProperty("verdict").GetProperty("verdict").GetString());
    }

    static Dictionary<string, byte[]> Files(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void ExportIsDeterministicResumableAndShardsMergeToTheWholeExport()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "catalog");
        WriteStore(store, 8);
        WriteIdentitySae(sae);
        Assert.Equal(0, CliRunner.Run("analyze", "--store", store, "--sae", sae, "--out", catalog).ExitCode);

        foreach (string format in new[] { "csv", "json" })
        {
            string whole = Path.Combine(_dir, format, "whole"), again = Path.Combine(_dir, format, "again"), sharded = Path.Combine(_dir, format, "sharded");
            var r = CliRunner.Run("export", "--catalog", catalog, "--format", format, "--out", whole, "--batch-size", "1");
            Assert.True(r.ExitCode == 0, r.Error);
            Assert.Equal(4, Directory.GetFiles(whole).Length);
            Assert.Equal(0, CliRunner.Run("export", "--catalog", catalog, "--format", format, "--out", again, "--batch-size", "1").ExitCode);
            Assert.Equal(Files(whole), Files(again));
            foreach (string shard in new[] { "0/3", "1/3", "2/3" })
                Assert.Equal(0, CliRunner.Run("export", "--catalog", catalog, "--format", format, "--out", sharded, "--batch-size", "1", "--shard", shard).ExitCode);
            Assert.Equal(Files(whole), Files(sharded));

            // Resume: a missing batch file is written again, the others are left alone.
            File.Delete(Path.Combine(sharded, $"batch-2.{format}"));
            var resumed = CliRunner.Run("export", "--catalog", catalog, "--format", format, "--out", sharded, "--batch-size", "1");
            Assert.Contains("1 batch files written", resumed.Out);
            Assert.Equal(Files(whole), Files(sharded));
        }

        string csv = File.ReadAllText(Path.Combine(_dir, "csv", "whole", "batch-0.csv"));
        Assert.StartsWith("feature_index,frac_nonzero,", csv);
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "json", "whole", "batch-0.json")));
        Assert.Equal(0, json.RootElement[0].GetProperty("feature_index").GetInt32());

        var range = CliRunner.Run("export", "--catalog", catalog, "--format", "csv", "--out", Path.Combine(_dir, "range"), "--features", "1-2");
        Assert.Equal(0, range.ExitCode);
        Assert.Equal(3, File.ReadAllText(Path.Combine(_dir, "range", "batch-0.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        // An analyze catalog exports to Neuronpedia batches too (tests/ShoggothLens.Core.Tests/Export checks the fields).
        Assert.Equal(0, CliRunner.Run("export", "--catalog", catalog, "--format", "neuronpedia", "--out", Path.Combine(_dir, "np")).ExitCode);
        Assert.True(File.Exists(Path.Combine(_dir, "np", "batch-0.json")));
    }

    [Fact]
    public void CompareStoreWritesTheModelDiff()
    {
        string post = Path.Combine(_dir, "post"), @base = Path.Combine(_dir, "base"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "catalog");
        WriteStore(post, 40);
        WriteStore(@base, 40, leaks: false);
        WriteIdentitySae(sae);
        var r = CliRunner.Run("analyze", "--store", post, "--compare-store", @base, "--sae", sae, "--out", catalog);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("1 outside-role leaks are new in the analysed checkpoint", r.Out);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(catalog, "model-diff.json")));
        var f0 = json.RootElement.GetProperty("features")[0];
        Assert.Equal(0.0, f0.GetProperty("base_assistant_frequency").GetDouble());
        Assert.Equal(15.0 / 300, f0.GetProperty("post_assistant_frequency").GetDouble(), 12);
        Assert.True(f0.GetProperty("starts_leaking").GetBoolean());
        var f1 = json.RootElement.GetProperty("features")[1];
        Assert.Equal(0.0, f1.GetProperty("delta").GetDouble());
        Assert.False(f1.GetProperty("starts_leaking").GetBoolean());
    }

    [Fact]
    public void MissingInputsAreShortErrors()
    {
        Directory.CreateDirectory(_dir);
        var r = CliRunner.Run("candidates", "--catalog", _dir);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Error);
        string store = Path.Combine(_dir, "store");
        WriteStore(store, 2);
        var a = CliRunner.Run("analyze", "--store", store, "--sae", Path.Combine(_dir, "nosae"), "--out", Path.Combine(_dir, "out"));
        Assert.Equal(2, a.ExitCode);
        Assert.StartsWith("error: ", a.Error);
    }

    [Fact]
    public void TheLibrarysMessagesEndWithTheFlagToFix()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae");
        WriteStore(store, 2);
        WriteIdentitySae(sae);
        var r = CliRunner.Run("analyze", "--store", store, "--compare-store", store, "--sae", sae, "--hook", "blocks.9.hook_resid_post", "--out", Path.Combine(_dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: the compared store {store} must hold hook blocks.9.hook_resid_post with d_model 4 (--compare-store)", r.Error.Trim());
    }
}
