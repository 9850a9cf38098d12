using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Sae.Tests.Formats;

/// <summary>Missing, malformed or inconsistent SAE files give one clear error naming the file.</summary>
public class SaeLoaderErrorTests
{
    static string CopyFixture(TempDirectory temp, string name)
    {
        string source = ReferenceFixtures.Sae(name), target = temp.File(name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    [Fact]
    public void Empty_or_missing_directory()
    {
        using var temp = new TempDirectory();
        Assert.Contains("no SAE here", Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(temp.Path)).Message);
        Assert.Contains("no such SAE directory", Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(temp.File("nope"))).Message);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"d_in\": 64}", "missing 'd_sae'")]
    [InlineData("{\"d_in\": \"64\", \"d_sae\": 256}", "'d_in' must be an integer")]
    [InlineData("{\"d_in\": 64, \"d_sae\": 256, \"architecture\": \"gated\"}", "architecture 'gated'")]
    [InlineData("{\"d_in\": 64, \"d_sae\": 256, \"architecture\": \"topk\"}", "k ≤ d_sae")]
    [InlineData("{\"d_in\": 64, \"d_sae\": 256, \"normalize_activations\": \"expected_average_only_in\"}", "fold it")]
    [InlineData("{\"d_in\": 32, \"d_sae\": 256}", "expected [32, 256]")]
    public void Bad_saelens_config(string cfg, string expected)
    {
        using var temp = new TempDirectory();
        string dir = CopyFixture(temp, "saelens-standard");
        File.WriteAllText(Path.Combine(dir, "cfg.json"), cfg);
        var e = Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(dir));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Truncated_or_poisoned_weights()
    {
        using var temp = new TempDirectory();
        string dir = CopyFixture(temp, "saelens-topk");
        string weights = Path.Combine(dir, "sae_weights.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length - 1000)]);
        Assert.Contains(weights, Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(dir)).Message);

        // A NaN in the last float of the data (b_enc, W_dec… in name order): refused, not propagated.
        var poisoned = (byte[])bytes.Clone();
        BitConverter.GetBytes(float.NaN).CopyTo(poisoned, poisoned.Length - 4);
        File.WriteAllBytes(weights, poisoned);
        Assert.Contains("non-finite", Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(dir)).Message);
    }

    [Fact]
    public void Sparsify_checkpoint_with_two_hooks_asks_for_one()
    {
        using var temp = new TempDirectory();
        foreach (var hook in new[] { "layers.1", "layers.2" })
        {
            string dir = Path.Combine(temp.Path, hook);
            Directory.CreateDirectory(dir);
            foreach (var file in Directory.GetFiles(ReferenceFixtures.Under("saes", "sparsify-topk", "layers.1")))
                File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }
        Assert.Contains("name one folder", Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(temp.Path)).Message);
        Assert.Equal("layers.2", SaeFiles.Load(Path.Combine(temp.Path, "layers.2")).Config.HookName);
    }

    [Fact]
    public void Gemma_scope_with_a_missing_array()
    {
        using var temp = new TempDirectory();
        string path = temp.File("params.npz");
        using (var zip = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
        using (var source = System.IO.Compression.ZipFile.OpenRead(Path.Combine(ReferenceFixtures.Sae("gemmascope-jumprelu"), "params.npz")))
            foreach (var entry in source.Entries.Where(e => e.Name != "threshold.npy"))
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        Assert.Contains("no array named 'threshold'", Assert.Throws<InvalidInputFileException>(() => SaeFiles.Load(temp.Path)).Message);
    }
}
