using System.Text.Json;
using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Cli.Tests.Commands;

public sealed class HarvestCommandTests : IDisposable
{
    readonly HarvestCliKit _kit = new();
    public void Dispose() => _kit.Dispose();

    [Fact]
    public void HarvestWritesAStoreThatInfoDescribes()
    {
        string store = _kit.Path("store");
        var r = CliRunner.Run(_kit.HarvestArgs(store, "--json"));
        Assert.True(r.ExitCode == 0, r.Error);
        using var json = r.Json();
        Assert.Equal("completed", json.RootElement.GetProperty("outcome").GetString());
        long tokens = json.RootElement.GetProperty("tokens").GetInt64();
        Assert.True(tokens > 300);

        var info = CliRunner.Run("store", "info", store, "--json", "--verify");
        Assert.Equal(0, info.ExitCode);
        using var doc = info.Json();
        var root = doc.RootElement;
        Assert.Equal(tokens, root.GetProperty("tokens").GetInt64());
        Assert.Equal("gpt2", root.GetProperty("model").GetString());
        Assert.Equal(64, root.GetProperty("d_model").GetInt32());
        Assert.Equal("f32", root.GetProperty("dtype").GetString());
        Assert.Equal(["blocks.1.hook_resid_post"], root.GetProperty("hooks").EnumerateArray().Select(h => h.GetString()));
        var byRole = root.GetProperty("tokens_by_role").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        Assert.Equal(["Assistant", "Template", "User"], byRole.Keys.Order());
        Assert.Equal(tokens, byRole.Values.Sum());
        Assert.Equal(0, root.GetProperty("damaged").GetArrayLength());
        Assert.Equal(["motive"], root.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        long onDisk = Directory.EnumerateFiles(store, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, root.GetProperty("bytes_on_disk").GetInt64());

        var text = CliRunner.Run("store", "info", store);
        Assert.Contains("tokens by role", text.Out);
        Assert.Contains("state          complete", text.Out);
        Assert.Matches(@"Assistant\s+[\d,]+\s+\d", text.Out);
    }

    [Fact]
    public void RunningAgainOnACompleteStoreDoesNothing()
    {
        string store = _kit.Path("store");
        Assert.Equal(0, CliRunner.Run(_kit.HarvestArgs(store)).ExitCode);
        var bytes = File.ReadAllBytes(Path.Combine(store, "manifest.json"));
        var again = CliRunner.Run(_kit.HarvestArgs(store));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already complete", again.Out);
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(store, "manifest.json")));
    }

    [Fact]
    public void ShardsMergedByTheCliEqualTheUnshardedStore()
    {
        string whole = _kit.Path("whole");
        Assert.Equal(0, CliRunner.Run(_kit.HarvestArgs(whole, "--records-per-block", "2")).ExitCode);
        var shards = Enumerable.Range(0, 3).Select(i => _kit.Path($"shard{i}")).ToArray();
        for (int i = 0; i < 3; i++)
        {
            var r = CliRunner.Run(_kit.HarvestArgs(shards[i], "--records-per-block", "2", "--shard", $"{i}/3"));
            Assert.True(r.ExitCode == 0, r.Error);
        }
        var merge = CliRunner.Run(["store", "merge", "--out", _kit.Path("merged"), shards[2], shards[0], shards[1]]);
        Assert.True(merge.ExitCode == 0, merge.Error);
        Assert.Contains("merged 3 shards", merge.Out);
        HarvestCliKit.AssertIdentical(whole, _kit.Path("merged"));
    }

    [Fact]
    public void MergingAnIncompleteSetOfShardsFailsClearly()
    {
        var shards = Enumerable.Range(0, 2).Select(i => _kit.Path($"shard{i}")).ToArray();
        Assert.Equal(0, CliRunner.Run(_kit.HarvestArgs(shards[0], "--records-per-block", "2", "--shard", "0/3")).ExitCode);
        var r = CliRunner.Run("store", "merge", "--out", _kit.Path("merged"), shards[0]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("1 stores given, the harvest has 3 shards", r.Error);
    }

    [Fact]
    public void ABadCorpusLineIsNamedOrSkippedWithACount()
    {
        File.AppendAllText(_kit.Corpus, "{\"messages\": [{\"role\": \"narrator\", \"content\": \"x\"}]}\n");
        var r = CliRunner.Run(_kit.HarvestArgs(_kit.Path("s1")));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {_kit.Corpus}: line 13: messages[0].role: unknown role 'narrator' (expected system, user or assistant)", r.Error.Trim());

        var skipped = CliRunner.Run(_kit.HarvestArgs(_kit.Path("s2"), "--skip-bad"));
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("skipped 1 bad corpus record(s)", skipped.Error);
        Assert.Contains($"{_kit.Corpus}:13: messages[0].role", skipped.Error);
        Assert.Contains("1 bad corpus record(s) skipped in all", skipped.Out);
    }

    [Fact]
    public void ADamagedChunkIsReportedByName()
    {
        string store = _kit.Path("store");
        Assert.Equal(0, CliRunner.Run(_kit.HarvestArgs(store)).ExitCode);
        string chunk = Path.Combine(store, "chunks", "chunk-000001.bin");
        var bytes = File.ReadAllBytes(chunk);
        bytes[^7] ^= 0x01;
        File.WriteAllBytes(chunk, bytes);
        var r = CliRunner.Run("store", "info", store, "--verify");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error: {chunk}: data checksum mismatch", r.Error);
        Assert.Contains("1 damaged chunk(s)", r.Out);
    }

    [Theory]
    [InlineData("--dtype", "f8", "unknown activation dtype 'f8'")]
    [InlineData("--shard", "3/3", "--shard expects i/N")]
    [InlineData("--hook", "blocks.7.hook_resid_post", "unknown hook point 'blocks.7.hook_resid_post'")]
    [InlineData("--context", "500", "exceeds this gpt2 model's 128 learned positions")]
    public void BadOptionsAreNamed(string option, string value, string message)
    {
        var r = CliRunner.Run(_kit.HarvestArgs(_kit.Path("s"), option, value));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Fact]
    public void InfoOnAFolderThatIsNoStoreFailsClearly()
    {
        var r = CliRunner.Run("store", "info", _kit.Directory);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not an activation store", r.Error);
    }

    [Fact]
    public void HalfPrecisionHarvestsHalveTheActivationBytes()
    {
        Assert.Equal(0, CliRunner.Run(_kit.HarvestArgs(_kit.Path("f32"))).ExitCode);
        Assert.Equal(0, CliRunner.Run(_kit.HarvestArgs(_kit.Path("f16"), "--dtype", "f16")).ExitCode);
        var f32 = ActivationStoreReader.Open(_kit.Path("f32"));
        var f16 = ActivationStoreReader.Open(_kit.Path("f16"));
        Assert.Equal(f32.Tokens, f16.Tokens);
        using var a = f32.OpenChunk(0);
        using var b = f16.OpenChunk(0);
        Assert.Equal(a.ActivationBytes(0, 0, a.Tokens).Length, 2 * b.ActivationBytes(0, 0, b.Tokens).Length);
    }
}
