using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Catalogs;

namespace ShoggothLens.Workbench.Tests.Analysis;

/// <summary>A ReLU SAE whose encoder and decoder are the identity, so feature i's activation is ReLU(x_i) (<see cref="PlantedMotiveStore"/>).</summary>
static class IdentitySae
{
    public static void Write(string directory, int dModel = PlantedMotiveStore.DModel, string hook = PlantedMotiveStore.Hook)
    {
        var identity = new float[dModel * dModel];
        for (int i = 0; i < dModel; i++) identity[i * dModel + i] = 1;
        SaeLensFormat.Save(directory, new SaeConfig(SaeArchitecture.Standard, dModel, dModel, HookName: hook),
            new SaeParameters(dModel, dModel, identity, new float[dModel], (float[])identity.Clone(), new float[dModel]));
    }
}
