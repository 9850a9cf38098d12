using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Catalogs;
using static TorchSharp.torch;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary><c>shoggoth export</c>: Neuronpedia batches through the command line, and SAELens weight export.</summary>
public sealed class ExportCommandTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "export-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A catalog of <paramref name="features"/> features (real accumulator, random activations) recording an SAE folder and hook.</summary>
    string WriteCatalog(int features, string? sae, string hook = "blocks.0.hook_resid_post")
    {
        var parameters = new Dictionary<string, string> { ["hook"] = hook };
        if (sae is not null) parameters["sae"] = sae;
        return SyntheticCatalogs.Write(Path.Combine(_dir, "catalog-" + Guid.NewGuid().ToString("N")[..8]), features, parameters);
    }

    static Dictionary<string, byte[]> Files(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    static float[,] Encode(LoadedSae sae, float[] x, int rows)
    {
        using var model = sae.ToModel();
        using var input = tensor(x, [rows, sae.Config.DIn]);
        using var acts = model.Encode(input);
        var flat = acts.contiguous().data<float>().ToArray();
        var result = new float[rows, sae.Config.DSae];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(float));
        return result;
    }

    static float[] Inputs(int rows, int dIn, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows * dIn).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
    }

    [Theory]
    [InlineData("gemmascope-jumprelu")]
    [InlineData("sparsify-topk")]
    [InlineData("saelens-standard")]
    public void SaeLensExportReloadsAndEncodesLikeTheSource(string fixture)
    {
        string source = ReferenceFixtures.Sae(fixture);
        var original = SaeFiles.Load(source);
        string catalog = WriteCatalog(original.Config.DSae, source, original.Config.HookName ?? "blocks.0.hook_resid_post");
        string outDir = Path.Combine(_dir, "sae-out");
        var r = CliRunner.Run("export", "--catalog", catalog, "--format", "saelens", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains($"the whole SAE ({original.Config.DSae} latents)", r.Out);

        var exported = SaeFiles.Load(outDir);
        Assert.Equal(SaeLayout.SaeLens, exported.Layout);
        Assert.Equal(original.Config, exported.Config);
        Assert.Equal(original.Parameters.WEnc, exported.Parameters.WEnc);
        Assert.Equal(original.Parameters.WDec, exported.Parameters.WDec);
        Assert.Equal(original.Parameters.Threshold, exported.Parameters.Threshold);
        var x = Inputs(9, original.Config.DIn, 5);
        Assert.Equal(Encode(original, x, 9), Encode(exported, x, 9));
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cfg.json")));
        Assert.Equal("cli-test", cfg.RootElement.GetProperty("metadata").GetProperty("shoggoth_catalog").GetString());
        Assert.False(cfg.RootElement.GetProperty("metadata").TryGetProperty("exported_latents", out _));

        // The same command again gives the same bytes.
        var first = Files(outDir);
        Assert.Equal(0, CliRunner.Run("export", "--catalog", catalog, "--format", "saelens", "--out", outDir).ExitCode);
        Assert.Equal(first, Files(outDir));
    }

    [Fact]
    public void ASlicedSaeLensExportEncodesItsLatentsExactlyAsTheWholeSae()
    {
        string source = ReferenceFixtures.Sae("gemmascope-jumprelu");
        var original = SaeFiles.Load(source);
        string catalog = WriteCatalog(original.Config.DSae, source, original.Config.HookName ?? "blocks.0.hook_resid_post");
        string outDir = Path.Combine(_dir, "slice");
        var r = CliRunner.Run("export", "--catalog", catalog, "--format", "saelens", "--out", outDir, "--features", "40-99");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("latents 40-99 of 256", r.Out);

        var sliced = SaeFiles.Load(outDir);
        Assert.Equal(60, sliced.Config.DSae);
        Assert.Equal(original.Config.DIn, sliced.Config.DIn);
        Assert.Equal(original.Parameters.Threshold![40..100], sliced.Parameters.Threshold);
        Assert.Equal(original.Parameters.BDec, sliced.Parameters.BDec);
        var x = Inputs(16, original.Config.DIn, 9);
        float[,] whole = Encode(original, x, 16), part = Encode(sliced, x, 16);
        int nonZero = 0;
        for (int row = 0; row < 16; row++)
            for (int j = 0; j < 60; j++)
            {
                Assert.Equal(whole[row, 40 + j], part[row, j]);
                if (part[row, j] != 0) nonZero++;
            }
        Assert.True(nonZero > 0, "the compared activations are all zero: the test would prove nothing");
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "cfg.json")));
        var metadata = cfg.RootElement.GetProperty("metadata");
        Assert.Equal("40-99", metadata.GetProperty("exported_latents").GetString());
        Assert.Equal("256", metadata.GetProperty("source_d_sae").GetString());
        Assert.Equal(60, cfg.RootElement.GetProperty("d_sae").GetInt32());
    }

    [Fact]
    public void SaeLensExportRefusesTheWrongSaeATopKSliceAndAMissingFolder()
    {
        string topk = ReferenceFixtures.Sae("sparsify-topk");
        var loaded = SaeFiles.Load(topk);
        string catalog = WriteCatalog(loaded.Config.DSae, topk, loaded.Config.HookName ?? "blocks.0.hook_resid_post");
        var slice = CliRunner.Run("export", "--catalog", catalog, "--format", "saelens", "--out", Path.Combine(_dir, "a"), "--features", "0-9");
        Assert.Equal(2, slice.ExitCode);
        Assert.Contains("TopK SAE cannot be sliced", slice.Error);

        string small = WriteCatalog(10, topk);
        var wrong = CliRunner.Run("export", "--catalog", small, "--format", "saelens", "--out", Path.Combine(_dir, "b"));
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("not the catalog's SAE", wrong.Error);

        string gone = WriteCatalog(10, Path.Combine(_dir, "no-such-sae"));
        var missing = CliRunner.Run("export", "--catalog", gone, "--format", "saelens", "--out", Path.Combine(_dir, "c"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("pass --sae DIR", missing.Error);
        var explicitSae = CliRunner.Run("export", "--catalog", WriteCatalog(loaded.Config.DSae, null, loaded.Config.HookName ?? "blocks.0.hook_resid_post"),
            "--format", "saelens", "--out", Path.Combine(_dir, "d"), "--sae", topk);
        Assert.True(explicitSae.ExitCode == 0, explicitSae.Error);

        var sharded = CliRunner.Run("export", "--catalog", catalog, "--format", "saelens", "--out", Path.Combine(_dir, "e"), "--shard", "0/2");
        Assert.Equal(2, sharded.ExitCode);
        Assert.Contains("--shard applies to the batch formats", sharded.Error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "a")) && Directory.GetFiles(Path.Combine(_dir, "a")).Length > 0);
    }

    [Fact]
    public void NeuronpediaExportThroughTheCommandLineShardsResumesAndNamesTheSource()
    {
        string catalog = WriteCatalog(10, null, "blocks.6.hook_resid_pre");
        string whole = Path.Combine(_dir, "whole"), sharded = Path.Combine(_dir, "sharded");
        string[] common = ["--format", "neuronpedia", "--batch-size", "3", "--model-id", "gpt2-small", "--sae-set", "res-jb"];
        var r = CliRunner.Run(["export", "--catalog", catalog, "--out", whole, .. common]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Matches(@"exported features 0-9 as neuronpedia \(shard 0/1, batches 0-3 of 4\): 4 batch files written, 0 already complete; 10 features in [\d.]+ s, [\d,]+ features/s", r.Out);
        Assert.Equal(["batch-0.json", "batch-1.json", "batch-2.json", "batch-3.json"], Directory.GetFiles(whole).Select(Path.GetFileName).Order());
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(whole, "batch-3.json"))))
        {
            var root = doc.RootElement;
            Assert.Equal("gpt2-small", root.GetProperty("model_id").GetString());
            Assert.Equal("res-jb", root.GetProperty("sae_set").GetString());
            Assert.Equal(6, root.GetProperty("layer").GetInt32());
            Assert.Equal(9, root.GetProperty("features")[0].GetProperty("feature_index").GetInt32());
        }

        foreach (string shard in new[] { "2/3", "0/3", "1/3" })
        {
            var s = CliRunner.Run(["export", "--catalog", catalog, "--out", sharded, "--shard", shard, .. common]);
            Assert.True(s.ExitCode == 0, s.Error);
        }
        Assert.Equal(Files(whole), Files(sharded));

        File.WriteAllText(Path.Combine(sharded, "batch-1.json"), "{\"features\":[");
        var resumed = CliRunner.Run(["export", "--catalog", catalog, "--out", sharded, .. common]);
        Assert.Contains("1 batch files written (1 incomplete ones replaced), 3 already complete", resumed.Out);
        Assert.Equal(Files(whole), Files(sharded));

        var bad = CliRunner.Run("export", "--catalog", catalog, "--format", "parquet", "--out", sharded);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("not one of neuronpedia, saelens, csv, json", bad.Error);
    }
}
