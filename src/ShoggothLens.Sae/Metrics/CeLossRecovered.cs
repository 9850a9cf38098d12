namespace ShoggothLens.Sae.Metrics;

/// <summary>
/// Next-token cross-entropy of the model as it is, with the SAE's reconstruction spliced in at its
/// hook, and with the hook zero-ablated; recovered = (CE_zero − CE_sae) / (CE_zero − CE_clean):
/// 1 when splicing costs nothing, 0 when the SAE is no better than zeros.
/// </summary>
public sealed record CeLossRecovered(double CleanLoss, double SaeLoss, double ZeroAblationLoss, long Tokens)
{
    public double Recovered => Fraction(CleanLoss, SaeLoss, ZeroAblationLoss);

    public static double Fraction(double clean, double sae, double zeroAblation)
    {
        double denominator = zeroAblation - clean;
        return denominator == 0 ? double.NaN : (zeroAblation - sae) / denominator;
    }
}
