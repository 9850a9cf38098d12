namespace ShoggothLens.Workbench.Inspect;

/// <summary>
/// One token of an inspected input: its text and role, the features active on it (strongest first, at most
/// <see cref="InspectOptions.KeptPerToken"/>), and the residual stream's projection on each persona vector.
/// </summary>
public sealed record InspectedToken(int Index, int Id, string Text, string Role, IReadOnlyList<FeatureActivation> Active,
    IReadOnlyList<double> PersonaProjections)
{
    /// <summary>The strongest <paramref name="count"/> features.</summary>
    public IEnumerable<FeatureActivation> Top(int count) => Active.Take(count);

    /// <summary>The feature's activation at this token (0 where it is not among the kept active features).</summary>
    public float ActivationOf(int feature)
    {
        foreach (var a in Active) if (a.Feature == feature) return a.Activation;
        return 0;
    }
}
