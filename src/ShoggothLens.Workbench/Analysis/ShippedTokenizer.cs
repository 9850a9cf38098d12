using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Organism;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>Finds the tokenizer of a store harvested from the shipped organism, so its catalog shows text without naming a model.</summary>
static class ShippedTokenizer
{
    /// <summary>The shipped checkpoint's directory when the store came from it (same directory name and weight fingerprint), else null.</summary>
    public static string? For(ActivationStoreReader reader)
    {
        if (!ShippedOrganism.IsAvailable) return null;
        foreach (string checkpoint in new[] { OrganismLayout.AssistantName, OrganismLayout.BaseName })
        {
            string dir = ShippedOrganism.Directory(checkpoint);
            if (Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)) == reader.Settings.ModelId
                && ModelIdentity.FromDirectory(dir).Fingerprint == reader.Settings.ModelFingerprint)
                return dir;
        }
        return null;
    }
}
