using System.Diagnostics;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// Sharded = single (issue 14 item 5), as a cluster runs it: for N = 1, 2, 3 the shards of harvest, analyze and export
/// run side by side as separate `shoggoth` processes, and the merged store, the merged catalog and the shared export
/// folder equal the unsharded run's files byte for byte. The reference GPT-2 harvests 24 chats into chunks of 200 tokens
/// (several chunks, documents cut by chunk and so by shard boundaries); the SAE is random (48 latents, so no feature has
/// more co-activation partners than the 64 counters hold and the merged counts are exact).
/// </summary>
public sealed class ShardedPipelineTests : IDisposable
{
    const string Hook = "blocks.1.hook_resid_post";
    readonly HarvestCliKit _kit = new(chats: 24);

    public void Dispose() => _kit.Dispose();

    static void WriteRandomSae(string directory, int dIn, int width)
    {
        var random = new Random(14);
        float[] Random(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        SaeLensFormat.Save(directory, new SaeConfig(SaeArchitecture.Standard, dIn, width, HookName: Hook),
            new SaeParameters(dIn, width, Random(dIn * width, 0.5), Random(width, 0.2), Random(width * dIn, 0.5), new float[dIn]));
    }

    /// <summary>Runs the commands as concurrent processes and asserts each exits 0.</summary>
    static void RunTogether(IEnumerable<string[]> commands)
    {
        var running = commands.Select(args => (Args: args, Process: HarvestCliKit.Start(args))).ToList();
        foreach (var (args, process) in running)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"{string.Join(' ', args)} did not exit within 3 minutes");
            }
            Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} exited {process.ExitCode}: {stderr.Result}{stdout.Result}");
            process.Dispose();
        }
    }

    static void AssertIdenticalFiles(string expected, string actual, params string[] files)
    {
        foreach (string file in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))), $"{actual}: {file} differs");
    }

    [Theory]
    [InlineData("--shard", "4/4", "--shard expects i/N")]
    [InlineData("--shard", "x", "--shard expects i/N")]
    public void A_bad_shard_is_a_usage_error(string option, string value, string message)
    {
        var r = CliRunner.Run("analyze", "--store", _kit.Path("s"), "--sae", _kit.Path("sae"), "--out", _kit.Path("o"), option, value);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(message, r.Error);
    }

    [Fact]
    public void Shard_and_merge_exclude_each_other()
    {
        var r = CliRunner.Run("analyze", "--store", _kit.Path("s"), "--sae", _kit.Path("sae"), "--out", _kit.Path("o"), "--shard", "0/2", "--merge", _kit.Path("a"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--shard and --merge exclude each other", r.Error);
    }

    [Fact]
    public void Shards_run_as_separate_processes_merge_to_the_unsharded_store_catalog_and_export()
    {
        string[] harvestSettings = ["--records-per-block", "2", "--chunk-tokens", "200"];
        string store = _kit.Path("store"), sae = _kit.Path("sae"), catalog = _kit.Path("whole/cat"), export = _kit.Path("whole-export");
        string[] AnalyzeArgs(string output, params string[] extra) =>
            ["analyze", "--store", store, "--sae", sae, "--out", output, "--batch", "50", "--checkpoint-every", "1", .. extra];
        string[] ExportArgs(string catalogFolder, string output, params string[] extra) =>
            ["export", "--catalog", catalogFolder, "--format", "neuronpedia", "--out", output, "--batch-size", "7", .. extra];

        var harvested = CliRunner.RunProcess(_kit.HarvestArgs(store, harvestSettings));
        Assert.True(harvested.ExitCode == 0, harvested.Error);
        Assert.True(HarvestCliKit.ListedChunks(store) >= 4, $"the store has {HarvestCliKit.ListedChunks(store)} chunks; the test needs several");
        WriteRandomSae(sae, 64, 48);
        var analyzed = CliRunner.RunProcess(AnalyzeArgs(catalog));
        Assert.True(analyzed.ExitCode == 0, analyzed.Error);
        var exported = CliRunner.RunProcess(ExportArgs(catalog, export));
        Assert.True(exported.ExitCode == 0, exported.Error);
        string[] exportFiles = Directory.GetFiles(export).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.True(exportFiles.Length >= 7, $"{exportFiles.Length} batch files");

        foreach (int n in new[] { 1, 2, 3 })
        {
            var shards = Enumerable.Range(0, n).ToArray();
            // harvest: N shard stores, merged into one.
            string[] stores = shards.Select(i => _kit.Path($"n{n}/store-{i}")).ToArray();
            RunTogether(shards.Select(i => _kit.HarvestArgs(stores[i], [.. harvestSettings, "--shard", $"{i}/{n}"])));
            var merged = CliRunner.RunProcess(["store", "merge", "--out", _kit.Path($"n{n}/store"), .. stores]);
            Assert.True(merged.ExitCode == 0, merged.Error);
            HarvestCliKit.AssertIdentical(store, _kit.Path($"n{n}/store"));

            // analyze: N shard states (of the same store), joined by --merge into the catalog.
            string[] states = shards.Select(i => _kit.Path($"n{n}/analyze-{i}")).ToArray();
            RunTogether(shards.Select(i => AnalyzeArgs(states[i], "--shard", $"{i}/{n}")));
            string mergedCatalog = _kit.Path($"n{n}/catalog/cat");
            var joined = CliRunner.RunProcess(AnalyzeArgs(mergedCatalog, ["--merge", .. states]));
            Assert.True(joined.ExitCode == 0, joined.Error);
            Assert.Equal(analyzed.Out.Replace(catalog, mergedCatalog, StringComparison.Ordinal), joined.Out);
            AssertIdenticalFiles(catalog, mergedCatalog, "catalog.bin", "index.bin", "persona-vectors.json");

            // export: N shards writing their batch files into one folder.
            string sharedExport = _kit.Path($"n{n}/export");
            RunTogether(shards.Select(i => ExportArgs(mergedCatalog, sharedExport, "--shard", $"{i}/{n}")));
            Assert.Equal(exportFiles, Directory.GetFiles(sharedExport).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
            AssertIdenticalFiles(export, sharedExport, exportFiles);
        }
    }
}
