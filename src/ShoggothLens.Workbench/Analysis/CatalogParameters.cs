using System.Globalization;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>The sources and settings a catalog records in its metadata (features/README.md, "parameters").</summary>
static class CatalogParameters
{
    public static SortedDictionary<string, string> Of(AnalyzeRequest request, ActivationStoreReader store, string hook, string? modelDir, string? tokenizerDir)
    {
        var o = request.Features;
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["store"] = Path.GetFullPath(request.Store),
            ["model_fingerprint"] = store.Settings.ModelFingerprint,
            ["sae"] = Path.GetFullPath(request.Sae),
            ["hook"] = hook,
            ["epsilon"] = D(o.Epsilon),
            ["tau"] = D(o.Tau),
            ["floor"] = D(o.AssistantFloor),
            ["confidence"] = D(o.Confidence),
            ["histogram_bins"] = I(o.HistogramBins),
            ["top_examples"] = I(o.TopExamples),
            ["motive_label"] = o.MotiveLabel,
            ["context_before"] = I(o.ContextBefore),
            ["context_after"] = I(o.ContextAfter),
            ["quantile_groups"] = I(o.QuantileGroups),
            ["quantile_examples"] = I(o.QuantileExamples),
            ["quantile_seed"] = o.QuantileSeed.ToString(CultureInfo.InvariantCulture),
            ["coactivation_top_m"] = I(o.CoActivationTopM),
            ["coactivation_capacity"] = I(o.CoActivationCapacity),
            ["coactivation_score"] = "jaccard",
            ["decoder_neighbours"] = I(o.DecoderNeighbours),
            ["logit_tokens"] = I(o.LogitTokens),
            ["logit_bins"] = I(o.LogitBins),
            ["logit_effects"] = "W_U (gamma * W_dec[f] / |W_dec[f]|), centred over the vocabulary",
            ["persona_vectors"] = CatalogFolder.PersonaVectorsFileName,
            ["token_strings"] = tokenizerDir is null ? "ids" : Path.GetFullPath(tokenizerDir),
        };
        if (modelDir is not null) parameters["model"] = Path.GetFullPath(modelDir);
        return parameters;
    }
}
