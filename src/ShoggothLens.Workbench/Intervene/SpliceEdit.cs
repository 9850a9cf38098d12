using System.Globalization;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>One steering term: add <see cref="Alpha"/>·W_dec[<see cref="Feature"/>] (the raw decoder row) at every position.</summary>
public readonly record struct SteeringTerm(int Feature, double Alpha);

/// <summary>
/// What an SAE splice does to the activation x at its hook, at every position:
/// x' = recon(x) + [keep error] (x − recon(x)) − Σ_{f ∈ Ablate} a_f(x)·W_dec[f] + Σ_{(f, α) ∈ Steer} α·W_dec[f],
/// with recon(x) = a(x)·W_dec + b_dec. With the error kept and no edit, x' = x up to float rounding; dropping
/// the error gives the plain SAE-spliced model (the reconstruction alone flows on).
/// </summary>
public sealed record SpliceEdit(IReadOnlyList<int> Ablate, IReadOnlyList<SteeringTerm> Steer, bool KeepError = true)
{
    /// <summary>Recon + error, no edit: the splice that should change nothing.</summary>
    public static SpliceEdit None { get; } = new([], []);

    /// <summary>The SAE's reconstruction alone (error term dropped): what "the SAE spliced in" usually means.</summary>
    public static SpliceEdit ReconstructionOnly { get; } = new([], [], KeepError: false);

    public static SpliceEdit Ablation(params int[] features) => new(features, []);

    public static SpliceEdit Steering(int feature, double alpha) => new([], [new SteeringTerm(feature, alpha)]);

    /// <summary>"ablate 3,7", "steer 12 α=4", "reconstruction", "splice"; for tables.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Ablate.Count > 0) parts.Add("ablate " + string.Join(",", Ablate.Select(f => f.ToString(CultureInfo.InvariantCulture))));
        foreach (var s in Steer) parts.Add($"steer {s.Feature.ToString(CultureInfo.InvariantCulture)} α={s.Alpha.ToString("G4", CultureInfo.InvariantCulture)}");
        if (parts.Count == 0) parts.Add(KeepError ? "splice" : "reconstruction");
        else if (!KeepError) parts.Add("(no error term)");
        return string.Join(" + ", parts);
    }
}
