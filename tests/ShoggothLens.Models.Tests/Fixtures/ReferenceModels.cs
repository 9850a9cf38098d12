using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Models.Tests.Fixtures;

/// <summary>Loads a reference checkpoint (see <see cref="ReferenceFixtures.Model"/>).</summary>
public static class ReferenceModels
{
    public static CausalLm Load(string arch) => ModelLoader.Load(ReferenceFixtures.Model(arch));
}
