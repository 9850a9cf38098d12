using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Workbench.Tests.Intervene;

/// <summary>A random ReLU SAE for the shipped organism's residual stream; feature <see cref="Dead"/> can never fire (b_enc −10⁶).</summary>
static class RandomSae
{
    public const string Hook = "blocks.1.hook_resid_post";
    public const int DModel = 192, DSae = 48, Dead = 0;

    public static (SaeConfig Config, SaeParameters Parameters) Create(int seed = 3)
    {
        var random = new Random(seed);
        float[] Uniform(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var bEnc = Uniform(DSae, 0.05);
        bEnc[Dead] = -1e6f;
        var parameters = new SaeParameters(DModel, DSae, Uniform(DModel * DSae, 0.2), bEnc, Uniform(DModel * DSae, 0.2), Uniform(DModel, 0.1));
        return (new SaeConfig(SaeArchitecture.Standard, DModel, DSae, HookName: Hook), parameters);
    }

    public static string Save(string directory, int seed = 3)
    {
        var (config, parameters) = Create(seed);
        SaeLensFormat.Save(directory, config, parameters);
        return directory;
    }
}
