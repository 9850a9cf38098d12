namespace ShoggothLens.Workbench.Intervene;

/// <summary>Mean next-token cross-entropy (nats/token) of one setting on the CE documents.</summary>
public sealed record SettingCrossEntropy(string Setting, double Nats);

/// <summary>
/// The splice's cost on ordinary text: mean next-token cross-entropy over <see cref="Tokens"/> predicted tokens of
/// <see cref="Documents"/> documents, for the clean model, the SAE's reconstruction alone (error dropped), the splice
/// with its error term kept and no edit (equals clean up to rounding), and each intervention (error kept).
/// </summary>
public sealed record CrossEntropyCost(int Documents, long Tokens, double Clean, double Reconstruction, double Splice,
    IReadOnlyList<SettingCrossEntropy> Interventions)
{
    /// <summary>Reconstruction − clean: what replacing the activation by the SAE's reconstruction costs.</summary>
    public double ReconstructionDelta => Reconstruction - Clean;

    /// <summary>The intervention's cost over the clean model (its error term kept, so only the edit costs).</summary>
    public double Delta(SettingCrossEntropy intervention) => intervention.Nats - Clean;
}
