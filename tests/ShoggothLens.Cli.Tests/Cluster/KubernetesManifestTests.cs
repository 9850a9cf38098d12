using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Cli.Tests.Cluster;

/// <summary>
/// tools/cluster/k8s (issue 14 item 4): the Indexed Job manifests are checked here, as no Kubernetes runs them. Their
/// fields (Indexed completion, one pod per shard, per-index retries, the volume) and the command each pod runs: expanded
/// by /bin/sh as the pod would (JOB_COMPLETION_INDEX and the env), it must parse as a `shoggoth` command line with
/// --shard i/N for the pod's index.
/// </summary>
public sealed class KubernetesManifestTests
{
    static string Manifest(string name) => Path.Combine(ReferenceFixtures.RepoRoot, "tools", "cluster", "k8s", name);

    static JsonElement Container(JsonElement job) => job.GetProperty("spec").GetProperty("template").GetProperty("spec").GetProperty("containers")[0];

    /// <summary>The container's command line after the shell's expansion, with the pod's environment.</summary>
    static string[] Expanded(JsonElement container, int? index)
    {
        Assert.Equal(["/bin/sh", "-c"], container.GetProperty("command").EnumerateArray().Select(e => e.GetString()!));
        string script = container.GetProperty("args")[0].GetString()!;
        Assert.StartsWith("exec dotnet /app/shoggoth.dll ", script);
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf '%s\\n' " + script["exec ".Length..]);
        foreach (var e in container.GetProperty("env").EnumerateArray()) start.Environment[e.GetProperty("name").GetString()!] = e.GetProperty("value").GetString();
        if (index is { } i) start.Environment["JOB_COMPLETION_INDEX"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var shell = Process.Start(start)!;
        string output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        Assert.Equal(0, shell.ExitCode);
        var words = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["dotnet", "/app/shoggoth.dll"], words[..2]);
        return words[2..];
    }

    static string Env(JsonElement container, string name) =>
        container.GetProperty("env").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name).GetProperty("value").GetString()!;

    static void AssertParses(string[] args)
    {
        var parsed = ShoggothCli.BuildRootCommand().Parse(args);
        Assert.True(parsed.Errors.Count == 0, string.Join("; ", parsed.Errors.Select(e => e.Message)) + ": " + string.Join(' ', args));
    }

    static string After(string[] args, string option) => args[Array.IndexOf(args, option) + 1];

    static void AssertUsesTheVolume(JsonElement job, JsonElement container)
    {
        var podSpec = job.GetProperty("spec").GetProperty("template").GetProperty("spec");
        Assert.Equal("Never", podSpec.GetProperty("restartPolicy").GetString());
        var volume = podSpec.GetProperty("volumes")[0];
        var mount = container.GetProperty("volumeMounts")[0];
        Assert.Equal(volume.GetProperty("name").GetString(), mount.GetProperty("name").GetString());
        Assert.Equal("/work", mount.GetProperty("mountPath").GetString());
        Assert.Equal("shoggoth-work", volume.GetProperty("persistentVolumeClaim").GetProperty("claimName").GetString());
    }

    [Fact]
    public void The_analyze_shards_are_an_Indexed_Job_whose_index_becomes_the_shard()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Manifest("analyze-shards.json")));
        var job = doc.RootElement;
        Assert.Equal("batch/v1", job.GetProperty("apiVersion").GetString());
        Assert.Equal("Job", job.GetProperty("kind").GetString());
        var spec = job.GetProperty("spec");
        Assert.Equal("Indexed", spec.GetProperty("completionMode").GetString());
        int completions = spec.GetProperty("completions").GetInt32();
        Assert.Equal(completions, spec.GetProperty("parallelism").GetInt32());
        Assert.True(spec.GetProperty("backoffLimitPerIndex").GetInt32() >= 1, "failed shards are retried one by one");
        var rule = spec.GetProperty("podFailurePolicy").GetProperty("rules")[0];
        Assert.Equal("FailIndex", rule.GetProperty("action").GetString());
        Assert.Equal([1, 2], rule.GetProperty("onExitCodes").GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));   // usage error, bad input
        var container = Container(job);
        Assert.Equal(rule.GetProperty("onExitCodes").GetProperty("containerName").GetString(), container.GetProperty("name").GetString());
        Assert.Equal(completions.ToString(System.Globalization.CultureInfo.InvariantCulture), Env(container, "SHARDS"));
        AssertUsesTheVolume(job, container);

        var outputs = new HashSet<string>();
        for (int i = 0; i < completions; i++)
        {
            var args = Expanded(container, i);
            AssertParses(args);
            Assert.Equal("analyze", args[0]);
            Assert.Equal($"{i}/{completions}", After(args, "--shard"));
            Assert.True(outputs.Add(After(args, "--out")), "every shard writes its own folder");
        }
    }

    [Fact]
    public void The_catalog_merge_joins_every_shard_folder_with_the_shards_options()
    {
        using var shardsDoc = JsonDocument.Parse(File.ReadAllBytes(Manifest("analyze-shards.json")));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Manifest("catalog-merge.json")));
        var job = doc.RootElement;
        Assert.Equal("Job", job.GetProperty("kind").GetString());
        var container = Container(job);
        AssertUsesTheVolume(job, container);
        var shardContainer = Container(shardsDoc.RootElement);
        foreach (string name in new[] { "SHARDS", "HOOK", "ANALYZE_ARGS" })
            Assert.Equal(Env(shardContainer, name), Env(container, name));   // the merge refuses states of other options

        var args = Expanded(container, null);
        AssertParses(args);
        Assert.Equal("analyze", args[0]);
        int n = int.Parse(Env(container, "SHARDS"), System.Globalization.CultureInfo.InvariantCulture);
        var merged = args[(Array.IndexOf(args, "--merge") + 1)..];
        var shardOutputs = Enumerable.Range(0, n).Select(i => After(Expanded(shardContainer, i), "--out"));
        Assert.Equal(shardOutputs, merged);
        Assert.Equal(After(Expanded(shardContainer, 0), "--store"), After(args, "--store"));
        Assert.Equal(After(Expanded(shardContainer, 0), "--sae"), After(args, "--sae"));
    }
}
