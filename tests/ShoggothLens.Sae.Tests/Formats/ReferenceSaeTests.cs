using ShoggothLens.Core.Safetensors;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Tests.Formats;

/// <summary>The same SAE in five public layouts must compute what SAELens / sparsify / Gemma Scope compute.</summary>
public class ReferenceSaeTests
{
    public static TheoryData<string, string, SaeLayout, SaeArchitecture> Fixtures => new()
    {
        { "saelens-standard", "", SaeLayout.SaeLens, SaeArchitecture.Standard },
        { "saelens-topk", "", SaeLayout.SaeLens, SaeArchitecture.TopK },
        { "saelens-jumprelu", "", SaeLayout.SaeLens, SaeArchitecture.JumpReLU },
        { "gemmascope-jumprelu", "", SaeLayout.GemmaScope, SaeArchitecture.JumpReLU },
        { "sparsify-topk", "layers.1", SaeLayout.Sparsify, SaeArchitecture.TopK },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Reproduces_feature_acts_and_reconstruction(string fixture, string sub, SaeLayout layout, SaeArchitecture architecture)
    {
        string dir = ReferenceFixtures.Sae(fixture);
        var loaded = SaeFiles.Load(dir);
        Assert.Equal(layout, loaded.Layout);
        Assert.Equal(architecture, loaded.Config.Architecture);
        Assert.Equal(64, loaded.Config.DIn);
        Assert.Equal(256, loaded.Config.DSae);
        if (architecture == SaeArchitecture.TopK) Assert.Equal(8, loaded.Config.K);

        using var expected = SafetensorsFile.Open(Path.Combine(dir, sub, "expected.safetensors"));
        using var x = tensor(expected.ReadFloat32("x"), [32, 64]);
        using var expectedActs = tensor(expected.ReadFloat32("feature_acts"), [32, 256]);
        using var expectedRecon = tensor(expected.ReadFloat32("reconstruction"), [32, 64]);
        using var sae = loaded.ToModel();
        using var acts = sae.Encode(x);
        using var recon = sae.Decode(acts);
        Assert.True(MaxAbs(acts, expectedActs) <= 1e-5, $"{fixture} feature_acts off by {MaxAbs(acts, expectedActs):G3}");
        Assert.True(MaxAbs(recon, expectedRecon) <= 1e-5, $"{fixture} reconstruction off by {MaxAbs(recon, expectedRecon):G3}");
        // The fixture must exercise the rule: some latents on, many off.
        using var active = acts.gt(0).sum();
        Assert.InRange(active.item<long>(), 32, 32 * 256 * 3 / 4);
    }

    [Fact]
    public void All_layouts_hold_the_same_weights()
    {
        var lens = SaeFiles.Load(ReferenceFixtures.Sae("saelens-topk")).Parameters;
        var sparsify = SaeFiles.Load(ReferenceFixtures.Sae("sparsify-topk")).Parameters;
        var gemma = SaeFiles.Load(ReferenceFixtures.Sae("gemmascope-jumprelu")).Parameters;
        Assert.Equal(lens.WEnc, sparsify.WEnc);
        Assert.Equal(lens.WDec, sparsify.WDec);
        Assert.Equal(lens.WEnc, gemma.WEnc);
    }

    [Fact]
    public void SaeLens_save_then_load_is_exact()
    {
        using var temp = new TempDirectory();
        foreach (var name in new[] { "saelens-standard", "saelens-topk", "saelens-jumprelu", "gemmascope-jumprelu" })
        {
            var original = SaeFiles.Load(ReferenceFixtures.Sae(name));
            string outDir = temp.File(name);
            var config = original.Config with { HookName = "blocks.1.hook_resid_post", ModelName = "tiny" };
            SaeLensFormat.Save(outDir, config, original.Parameters);
            var back = SaeFiles.Load(outDir);
            Assert.Equal(SaeLayout.SaeLens, back.Layout);
            Assert.Equal(config, back.Config with { });
            Assert.Equal(original.Parameters.WEnc, back.Parameters.WEnc);
            Assert.Equal(original.Parameters.WDec, back.Parameters.WDec);
            Assert.Equal(original.Parameters.BEnc, back.Parameters.BEnc);
            Assert.Equal(original.Parameters.BDec, back.Parameters.BDec);
            Assert.Equal(original.Parameters.Threshold, back.Parameters.Threshold);
        }
    }

    static double MaxAbs(Tensor a, Tensor b)
    {
        using var d = (a - b).abs().max();
        return d.item<float>();
    }
}
