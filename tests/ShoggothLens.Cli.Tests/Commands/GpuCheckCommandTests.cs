namespace ShoggothLens.Cli.Tests.Commands;

/// <summary><c>shoggoth gpu-check</c> on ILGPU's CPU accelerator (CI has no GPU), at tiny sizes.</summary>
public class GpuCheckCommandTests
{
    [Fact]
    public void Compare_against_torch_passes_on_the_cpu_accelerator()
    {
        var r = CliRunner.Run("gpu-check", "compare", "--cpu", "--reference", "torch", "--d-in", "16", "--width", "64", "--k", "4",
            "--batch", "16", "--steps", "2", "--dead", "10");
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        using var json = r.Json();
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("fired_count_mismatch").GetInt32());
        Assert.Contains("CPU", json.RootElement.GetProperty("device").GetString());
        Assert.Contains("backend ilgpu-topk", r.Error);
    }

    [Fact]
    public void Train_with_the_ilgpu_backend_says_which_backend_and_device()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store");
        const string hook = "blocks.0.hook_resid_post";
        SaeCliKit.WriteSyntheticStore(store, hook, dModel: 16, documents: 4, tokensPerDocument: 32, seed: 1);
        var r = CliRunner.Run("train", "--store", store, "--hook", hook, "--arch", "topk", "--width", "64", "--k", "4",
            "--tokens", "256", "--batch", "64", "--log-every", "2", "--backend", "ilgpu", "--out", temp.File("out"));
        Assert.True(r.ExitCode == 0, r.Error + r.Out);
        Assert.Contains("backend: ilgpu-topk on CPU", r.Error);
        Assert.True(File.Exists(Path.Combine(temp.File("out"), "sae_weights.safetensors")));
    }

    [Fact]
    public void Cublas_without_cuda_is_a_clear_error()
    {
        var r = CliRunner.Run("gpu-check", "bench", "--cpu", "--product", "cublas-tf32", "--d-in", "8", "--width", "32", "--k", "2", "--batch", "4");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("needs a CUDA device", r.Error);
    }
}
