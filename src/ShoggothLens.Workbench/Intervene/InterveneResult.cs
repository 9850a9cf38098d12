namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// What an intervention run measured: the settings (baseline first), the splice's cross-entropy cost, for organisms
/// the motive rate per setting, and the sample generations.
/// </summary>
/// <param name="ModelDirectory">The model that ran.</param>
/// <param name="Hook">Where the SAE was spliced.</param>
/// <param name="SaeWidth">The SAE's latents.</param>
/// <param name="DecoderNorms">‖W_dec[f]‖ of each edited feature (to read α against the residual stream's scale).</param>
/// <param name="ResidualNorm">Mean ‖x‖ at the hook over the CE documents' tokens.</param>
/// <param name="Motive">Null unless the prompts came from an organism.</param>
public sealed record InterveneResult(
    InterveneRequest Request,
    string ModelDirectory,
    string Hook,
    int SaeWidth,
    IReadOnlyList<InterventionSetting> Settings,
    IReadOnlyDictionary<int, double> DecoderNorms,
    double ResidualNorm,
    CrossEntropyCost CrossEntropy,
    IReadOnlyList<MotiveRate>? Motive,
    IReadOnlyList<InterventionSample> Samples,
    TimeSpan Elapsed)
{
    /// <summary>The motive rate of the setting named <paramref name="setting"/> (organism prompts only).</summary>
    public MotiveRate RateOf(string setting) =>
        (Motive ?? throw new InvalidOperationException("the prompts came from no organism")).First(m => m.Setting == setting);

    /// <summary>The CE cost over the clean model of the intervention named <paramref name="setting"/>.</summary>
    public double CostOf(string setting) => CrossEntropy.Delta(CrossEntropy.Interventions.First(i => i.Setting == setting));
}
