using System.Text.Json;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Sae.Formats;
using static TorchSharp.torch;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary><c>shoggoth train</c>, <c>sae eval</c>, <c>sae info</c> and <c>bench train</c>.</summary>
public class SaeCommandsTests
{
    const string Hook = "blocks.0.hook_resid_post";

    [Theory]
    [InlineData("saelens-standard", "saelens", "standard", null)]
    [InlineData("saelens-topk", "saelens", "topk", 8)]
    [InlineData("saelens-jumprelu", "saelens", "jumprelu", null)]
    [InlineData("gemmascope-jumprelu", "gemma-scope", "jumprelu", null)]
    [InlineData("sparsify-topk", "sparsify", "topk", 8)]
    public void Info_describes_every_layout(string fixture, string layout, string architecture, int? k)
    {
        var r = CliRunner.Run("sae", "info", ReferenceFixtures.Sae(fixture), "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var j = r.Json().RootElement;
        Assert.Equal(layout, j.GetProperty("layout").GetString());
        Assert.Equal(architecture, j.GetProperty("architecture").GetString());
        Assert.Equal(64, j.GetProperty("d_in").GetInt32());
        Assert.Equal(256, j.GetProperty("d_sae").GetInt32());
        Assert.Equal(2 * 64 * 256 + 256 + 64 + (architecture == "jumprelu" ? 256 : 0), j.GetProperty("parameters").GetInt64());
        if (k is not null) Assert.Equal(k, j.GetProperty("k").GetInt32());
        Assert.Equal(architecture == "jumprelu", j.TryGetProperty("threshold_mean", out _));

        var text = CliRunner.Run("sae", "info", ReferenceFixtures.Sae(fixture));
        Assert.Contains("64 × 256", text.Out);
    }

    [Fact]
    public void Info_on_a_damaged_sae_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("cfg.json"), "{\"d_in\": 64, \"d_sae\": 256}");
        File.WriteAllBytes(temp.File("sae_weights.safetensors"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var r = CliRunner.Run("sae", "info", temp.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Error);
        Assert.Contains("sae_weights.safetensors", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
    }

    [Theory]
    [InlineData("jumprelu", "ilgpu-jumprelu")]
    [InlineData("relu", "ilgpu-relu")]
    [InlineData("batchtopk", "ilgpu-batchtopk")]
    public void Ilgpu_backend_trains_every_architecture_and_names_itself(string arch, string backend)
    {
        // On ILGPU's CPU accelerator here (no CUDA in CI): the same kernels a GPU runs.
        using var temp = new TempDirectory();
        string store = temp.File("store");
        SaeCliKit.WriteSyntheticStore(store, Hook, dModel: 16, documents: 4, tokensPerDocument: 32, seed: 1);
        var args = new List<string> { "train", "--store", store, "--hook", Hook, "--arch", arch, "--width", "64", "--tokens", "256", "--batch", "64",
            "--backend", "ilgpu", "--out", temp.File("out") };
        if (arch == "batchtopk") args.AddRange(["--k", "4"]);
        var r = CliRunner.Run([.. args]);
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains($"backend: {backend} on CPU", r.Error);
        Assert.True(File.Exists(Path.Combine(temp.File("out"), "sae_weights.safetensors")));
    }

    static string[] TrainArgs(string store, string output, string arch = "topk", long tokens = 256 * 400, int every = 25, params string[] extra) =>
    [
        "train", "--store", store, "--hook", Hook, "--arch", arch, "--expansion", "8", "--k", "4", "--lr", "3e-3",
        "--tokens", tokens.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "256", "--seed", "7",
        "--checkpoint-every", every.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-every", "10",
        "--dead-tokens", "5000", "--out", output, "--json", .. extra,
    ];

    [Fact]
    public void Train_then_eval_and_info_on_a_store()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store"), output = temp.File("sae");
        SaeCliKit.WriteSyntheticStore(store, Hook, dModel: 16, documents: 64, tokensPerDocument: 64, seed: 2);

        var train = CliRunner.Run(TrainArgs(store, output));
        Assert.True(train.ExitCode == 0, train.Error);
        var summary = train.Json().RootElement;
        Assert.Equal(400, summary.GetProperty("steps").GetInt64());
        Assert.True(summary.GetProperty("fve").GetDouble() > 0.8, train.Out);
        Assert.True(File.Exists(Path.Combine(output, "cfg.json")));
        Assert.Equal(40, File.ReadLines(Path.Combine(output, "metrics.jsonl")).Count());
        var first = JsonDocument.Parse(File.ReadLines(Path.Combine(output, "metrics.jsonl")).First()).RootElement;
        foreach (var key in new[] { "step", "l0", "mse", "fve", "dead_fraction", "dense_fraction", "loss", "lr" })
            Assert.True(first.TryGetProperty(key, out _), $"metrics.jsonl lacks {key}");

        var info = CliRunner.Run("sae", "info", output, "--json").Json().RootElement;
        Assert.Equal("topk", info.GetProperty("architecture").GetString());
        Assert.Equal(128, info.GetProperty("d_sae").GetInt32());
        Assert.Equal(Hook, info.GetProperty("hook_name").GetString());
        Assert.Equal("test-model", info.GetProperty("model_name").GetString());

        var eval = CliRunner.Run("sae", "eval", "--sae", output, "--store", store, "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        var m = eval.Json().RootElement;
        Assert.Equal(64 * 64, m.GetProperty("eval_tokens").GetInt64());
        Assert.InRange(m.GetProperty("l0").GetDouble(), 1, 4);
        Assert.True(m.GetProperty("fve").GetDouble() > 0.8, eval.Out);
        Assert.InRange(m.GetProperty("dead_fraction").GetDouble(), 0, 1);
        Assert.False(m.TryGetProperty("ce_loss_recovered", out _));

        // The saved SAE takes raw activations (the training scale is folded in), so eval on the raw
        // store sees the quality training saw.
        Assert.Equal(summary.GetProperty("fve").GetDouble(), m.GetProperty("fve").GetDouble(), 1);

        // A second run into the same folder is refused rather than overwriting it.
        var again = CliRunner.Run(TrainArgs(store, output));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Error);
    }

    [Fact]
    public void Training_killed_or_interrupted_mid_run_resumes_to_identical_weights()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store"), whole = temp.File("whole"), killed = temp.File("killed");
        SaeCliKit.WriteSyntheticStore(store, Hook, dModel: 16, documents: 64, tokensPerDocument: 64, seed: 3);
        // 6,000 steps: seconds of training after the first checkpoint, so the kill always lands mid-run.
        const long tokens = 256 * 6000;

        using (var process = SaeCliKit.Start(TrainArgs(store, killed, tokens: tokens, every: 50)))
        {
            // SIGKILL as soon as the first checkpoint (step 50) is on disk; metrics lines past it get dropped on resume.
            var deadline = DateTime.UtcNow.AddMinutes(2);
            string checkpoint = Path.Combine(killed, "checkpoint.safetensors");
            while (!File.Exists(checkpoint))
            {
                if (process.HasExited) Assert.Fail($"training ended before the kill: {process.StandardError.ReadToEnd()}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint within 2 minutes");
                Thread.Sleep(5);
            }
            process.Kill();
            process.WaitForExit();
            Assert.False(File.Exists(Path.Combine(killed, "sae_weights.safetensors")),
                $"the run finished before it was killed: {File.ReadLines(Path.Combine(killed, "metrics.jsonl")).Count()} metrics lines; {process.StandardError.ReadToEnd()}");
        }

        var resumed = CliRunner.RunProcess(TrainArgs(store, killed, "topk", tokens, 50, "--resume"));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.True(JsonDocument.Parse(resumed.Out).RootElement.GetProperty("resumed").GetBoolean());
        var uninterrupted = CliRunner.RunProcess(TrainArgs(store, whole, tokens: tokens, every: 50));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Error);

        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "sae_weights.safetensors")), File.ReadAllBytes(Path.Combine(killed, "sae_weights.safetensors")));
        Assert.Equal(File.ReadAllText(Path.Combine(whole, "cfg.json")), File.ReadAllText(Path.Combine(killed, "cfg.json")));
        var steps = File.ReadLines(Path.Combine(killed, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 600).Select(i => 10L * i), steps);

        // Ctrl-C (SIGINT): the run writes a checkpoint, says how to continue, exits 130; resuming ends the same.
        string interrupted = temp.File("interrupted");
        using (var process = SaeCliKit.Start(TrainArgs(store, interrupted, tokens: tokens, every: 50)))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!File.Exists(Path.Combine(interrupted, "checkpoint.safetensors")))
            {
                if (process.HasExited) Assert.Fail($"training ended before the interrupt: {process.StandardError.ReadToEnd()}");
                Assert.True(DateTime.UtcNow < deadline, "no checkpoint within 2 minutes");
                Thread.Sleep(5);
            }
            CtrlC.Send(process);
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {error}");
            Assert.Contains("--resume", error);
        }
        var continued = CliRunner.RunProcess(TrainArgs(store, interrupted, "topk", tokens, 50, "--resume"));
        Assert.True(continued.ExitCode == 0, continued.Error);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "sae_weights.safetensors")), File.ReadAllBytes(Path.Combine(interrupted, "sae_weights.safetensors")));

        // A damaged checkpoint: a clear error, exit code 2, no stack trace.
        string path = Path.Combine(killed, "checkpoint.safetensors");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var damaged = CliRunner.Run(TrainArgs(store, killed, "topk", tokens, 50, "--resume"));
        Assert.Equal(2, damaged.ExitCode);
        Assert.Contains("checksum mismatch", damaged.Error);
    }

    [Fact]
    public void Eval_with_a_model_reports_ce_loss_recovered()
    {
        // A store of the llama fixture's own activations at blocks.1.hook_resid_pre (the SAE fixtures' hook and width).
        const string hook = "blocks.1.hook_resid_pre";
        string modelDir = ReferenceFixtures.Model("llama");
        using var temp = new TempDirectory();
        string store = temp.File("store");
        var rng = new Random(5);
        var sequences = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 12).Select(_ => (long)rng.Next(3, 1000)).ToArray()).ToList();
        double clean = 0, zero = 0;
        long predictions = 0;
        using (var lm = ModelLoader.Load(modelDir))
        {
            var documents = new List<(long[], float[])>();
            foreach (var ids in sequences)
            {
                using var input = tensor(ids, [1, ids.Length], ScalarType.Int64);
                using var hooks = new HookSet().Record(hook);
                using var logits = lm.Forward(input, hooks)!;
                documents.Add((ids, hooks[hook].contiguous().data<float>().ToArray()));
                clean += CrossEntropySum(logits, ids);
                using var ablate = new HookSet().Replace(hook, x => zeros_like(x));
                using var ablated = lm.Forward(input, ablate)!;
                zero += CrossEntropySum(ablated, ids);
                predictions += ids.Length - 1;
            }
            SaeCliKit.WriteStore(store, hook, 64, context: 12, documents);
        }

        var r = CliRunner.Run("sae", "eval", "--sae", ReferenceFixtures.Sae("saelens-topk"), "--store", store, "--model", modelDir, "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        var j = r.Json().RootElement;
        Assert.Equal(72, j.GetProperty("eval_tokens").GetInt64());
        Assert.Equal(predictions, j.GetProperty("ce_tokens").GetInt64());
        Assert.Equal(clean / predictions, j.GetProperty("ce_loss_clean").GetDouble(), 4);
        Assert.Equal(zero / predictions, j.GetProperty("ce_loss_zero_ablation").GetDouble(), 4);
        double sae = j.GetProperty("ce_loss_sae").GetDouble();
        Assert.NotEqual(clean / predictions, sae, 4);
        Assert.Equal((zero / predictions - sae) / (zero / predictions - clean / predictions), j.GetProperty("ce_loss_recovered").GetDouble(), 4);
        Assert.InRange(j.GetProperty("l0").GetDouble(), 1, 8);
    }

    static double CrossEntropySum(Tensor logits, long[] ids)
    {
        using var predicted = logits.select(0, 0).narrow(0, 0, ids.Length - 1);
        using var targets = tensor(ids[1..]);
        using var loss = nn.functional.cross_entropy(predicted, targets, reduction: nn.Reduction.Sum);
        return loss.item<float>();
    }

    [Fact]
    public void Bench_train_prints_one_json_line_with_the_speedup()
    {
        var r = CliRunner.Run("bench", "train", "--d-in", "16", "--width", "128", "--k", "4", "--batch", "256", "--baseline", "dense",
            "--rounds", "1", "--seconds", "0.05", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Single(r.Out.Trim().Split('\n'));
        var j = r.Json().RootElement;
        double baseline = j.GetProperty("baseline_tokens_per_s").GetDouble(), rate = j.GetProperty("tokens_per_s").GetDouble();
        Assert.True(baseline > 0 && rate > 0);
        // The printed rates are rounded, so their ratio may straddle a rounding boundary of the printed speedup.
        Assert.Equal(rate / baseline, j.GetProperty("speedup").GetDouble(), 0.01);
        Assert.Equal(2, CliRunner.Run("bench", "train", "--baseline", "sparse").ExitCode);
    }
}
