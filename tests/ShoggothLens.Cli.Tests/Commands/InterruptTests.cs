using System.Diagnostics;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Catalogs;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// Issue 14: Ctrl-C during analyze killed it without a message. Real processes get SIGINT mid-run: analyze and export
/// stop cleanly with a message and exit 130, and the same command then finishes.
/// </summary>
public sealed class InterruptTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("cli-interrupt-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (int Exit, string Error) StopWhen(string[] args, Func<bool> ready)
    {
        using var process = HarvestCliKit.Start(args);
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!ready())
        {
            if (process.HasExited) Assert.Fail($"ended (exit {process.ExitCode}) before the interrupt: {stderr.Result} {stdout.Result}");
            Assert.True(DateTime.UtcNow < deadline, "no progress in 2 minutes");
            Thread.Sleep(10);
        }
        CtrlC.Send(process);
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), "still running a minute after Ctrl-C");
        return (process.ExitCode, stderr.Result);
    }

    [Fact]
    public void Ctrl_c_stops_analyze_with_a_message_and_the_rerun_resumes()
    {
        string store = Path.Combine(_dir, "store"), sae = Path.Combine(_dir, "sae"), catalog = Path.Combine(_dir, "catalog");
        PlantedMotiveStore.Write(store, 3_000);
        const int d = PlantedMotiveStore.DModel;
        var identity = new float[d * d];
        for (int i = 0; i < d; i++) identity[i * d + i] = 1;
        SaeLensFormat.Save(sae, new SaeConfig(SaeArchitecture.Standard, d, d, HookName: PlantedMotiveStore.Hook),
            new SaeParameters(d, d, identity, new float[d], (float[])identity.Clone(), new float[d]));
        string[] args = ["analyze", "--store", store, "--sae", sae, "--out", catalog, "--batch", "1", "--checkpoint-every", "1"];

        var (exit, error) = StopWhen(args, () => File.Exists(new CatalogFolder(catalog).AnalyzeCheckpointPath));
        Assert.True(exit == 130, $"exit {exit}: {error}");
        Assert.Contains("stopped; the checkpoint", error);
        Assert.False(new CatalogFolder(catalog).HasCatalog);

        var rerun = CliRunner.Run(args);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.True(new CatalogFolder(catalog).HasCatalog);
    }

    [Fact]
    public void Ctrl_c_stops_an_export_with_a_message_and_the_rerun_finishes()
    {
        string catalog = SyntheticCatalogs.Write(Path.Combine(_dir, "catalog"), 3000, new Dictionary<string, string> { ["hook"] = PlantedMotiveStore.Hook });
        string output = Path.Combine(_dir, "export");
        string[] args = ["export", "--catalog", catalog, "--format", "neuronpedia", "--out", output, "--batch-size", "1"];

        var (exit, error) = StopWhen(args, () => File.Exists(Path.Combine(output, "batch-5.json")));
        Assert.True(exit == 130, $"exit {exit}: {error}");
        Assert.Contains("interrupted", error);
        Assert.True(Directory.GetFiles(output, "batch-*.json").Length < 3000);

        var rerun = CliRunner.Run(args);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Equal(3000, Directory.GetFiles(output, "batch-*.json").Length);
    }
}
