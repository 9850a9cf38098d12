using System.Diagnostics;
using System.Text.Json.Nodes;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Models.Tests.Transformers;

/// <summary>
/// Issue 14: a config.json with <c>n_layer</c> 16777216 grew past 8 GB before failing. Sizes a config claims are bounded
/// before any module is built: the load fails at once, naming the file, with memory flat.
/// </summary>
public class ConfigSizeBoundTests
{
    static string CopyWith(TempDirectory dir, string arch, Action<JsonObject> edit)
    {
        string source = ReferenceFixtures.Model(arch);
        foreach (string file in Directory.GetFiles(source)) File.Copy(file, dir.File(Path.GetFileName(file)));
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        edit(config);
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
        return dir.Path;
    }

    [Theory]
    [InlineData("gpt2", "n_layer", 16777216)]
    [InlineData("llama", "num_hidden_layers", 16777216)]
    [InlineData("llama", "num_hidden_layers", 1025)]
    public void A_huge_size_is_refused_before_the_model_is_built(string arch, string field, int value)
    {
        using var dir = new TempDirectory();
        string model = CopyWith(dir, arch, c => c[field] = value);
        long before = GC.GetTotalAllocatedBytes(precise: true);
        long peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<InvalidInputFileException>(() => ModelLoader.Load(model).Dispose());
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.EndsWith("config.json", e.FilePath);
        Assert.True(allocated < 64 << 20, $"{allocated} bytes allocated");
        long peakGrowth = Process.GetCurrentProcess().PeakWorkingSet64 - peakBefore;   // native (libtorch) memory too
        Assert.True(peakGrowth < 512L << 20, $"peak working set grew {peakGrowth >> 20} MiB");
        Assert.Contains("layers; at most", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed} to refuse");
    }
}
