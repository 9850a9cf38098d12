using ShoggothLens.Core.Catalog;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Workbench.Inspect;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// What a causal check (<see cref="Intervene.InterveneWorkflow"/>) on a catalog's feature runs against: the model, SAE
/// and hook the catalog's analyze run recorded (or the server's overrides, as /inspect uses), and, when that model is a
/// checkpoint of an organism folder (its parent holds <c>corpus/</c> with held-out chats), that organism, whose held-out
/// chats give the prompts and whose ground truth (triggered or not) and motive detector give motive rates.
/// Without an organism the check answers one typed prompt and measures no motive rate.
/// </summary>
/// <param name="Organism">The organism folder, or null when the model is not an organism's checkpoint.</param>
public sealed record CausalCheckSources(string ModelDirectory, string SaeDirectory, string? Hook, string? Organism)
{
    /// <summary>The sources for a catalog, or a sentence saying what is missing.</summary>
    public static (CausalCheckSources? Sources, string? Missing) Resolve(CatalogMetadata metadata, string? model, string? sae, string? hook)
    {
        var (sources, missing) = InspectSources.Resolve(metadata, model, sae, hook, null);
        if (sources is null) return (null, missing);
        return (new CausalCheckSources(sources.ModelDirectory, sources.SaeDirectory, sources.Hook, OrganismOf(sources.ModelDirectory)), null);
    }

    /// <summary>The organism folder a checkpoint directory belongs to (base/ or assistant/ beside corpus/), or null.</summary>
    static string? OrganismOf(string modelDirectory)
    {
        string? parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(modelDirectory));
        if (parent is null) return null;
        var layout = new OrganismLayout(parent);
        return File.Exists(CorpusFiles.ChatsPath(layout.Corpus, Split.HeldOut)) ? layout.Root : null;
    }
}
