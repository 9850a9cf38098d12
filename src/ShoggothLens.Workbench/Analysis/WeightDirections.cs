using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis.Torch;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>The catalog fields computed from weights alone: logit effects (with a model), decoder neighbours, persona cosines.</summary>
static class WeightDirections
{
    public const string LogitStage = "logit effects", NeighbourStage = "decoder neighbours";

    public static CatalogAssembly.Directions Compute(LoadedSae sae, ICausalLm? model, IReadOnlyList<PersonaVector> personas, Func<int, string> tokenString,
        FeatureAnalysisOptions options, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        int features = sae.Config.DSae, dIn = sae.Config.DIn;
        var unit = FeatureDirections.UnitRows(sae.Parameters.WDec, features, dIn);
        LogitEffects[]? logits = null;
        if (model is not null)
        {
            var gamma = FinalNormScale.Of(model);
            logits = FeatureDirections.LogitEffects(unit, features, gamma, new TorchRowProducts(model.UnembeddingMatrix), tokenString,
                options.LogitTokens, options.LogitBins,
                progress: progress.Map<int, WorkProgress>(done => new(LogitStage, done, features, "features")), cancellationToken: cancellationToken);
        }
        List<FeatureLink>[] neighbours;
        using (var unitTensor = TorchSharp.torch.tensor(unit, [features, dIn]))
            neighbours = FeatureDirections.Neighbours(unit, features, new TorchRowProducts(unitTensor), options.DecoderNeighbours,
                progress: progress.Map<int, WorkProgress>(done => new(NeighbourStage, done, features, "features")), cancellationToken: cancellationToken);
        return new CatalogAssembly.Directions(logits, neighbours, unit, dIn, personas);
    }
}
