using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Workbench.SaeEvaluation;

/// <summary>Describe an SAE: layout, architecture, sizes, hook, decoder-norm and threshold statistics.</summary>
public static class SaeInfoWorkflow
{
    /// <summary>Loads the SAE at <paramref name="path"/> (folder or .npz) and describes it.</summary>
    public static SaeInfo Describe(string path)
    {
        var sae = SaeFiles.Load(path);
        var p = sae.Parameters;
        long parameters = 2L * p.DIn * p.DSae + p.DSae + p.DIn + (p.Threshold?.Length ?? 0);
        string layout = sae.Layout switch { SaeLayout.SaeLens => "saelens", SaeLayout.Sparsify => "sparsify", _ => "gemma-scope" };
        // Thresholds are summarised in float, as they are stored (the mean too), so reports print them as before.
        var thresholds = p.Threshold is { } th ? new WeightRange(th.Min(), th.Average(), th.Max()) : (WeightRange?)null;
        return new SaeInfo(sae, layout, parameters, WeightRange.Of(DecoderNorms(p)), thresholds);
    }

    /// <summary>The L2 norm of each decoder row (one per latent), summed in double.</summary>
    public static double[] DecoderNorms(SaeParameters p)
    {
        var norms = new double[p.DSae];
        for (int j = 0; j < p.DSae; j++)
        {
            double sq = 0;
            for (int i = 0; i < p.DIn; i++) sq += (double)p.WDec[j * p.DIn + i] * p.WDec[j * p.DIn + i];
            norms[j] = Math.Sqrt(sq);
        }
        return norms;
    }
}
