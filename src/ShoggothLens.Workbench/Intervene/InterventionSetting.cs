namespace ShoggothLens.Workbench.Intervene;

/// <summary>One condition a measurement runs under: the unspliced model (<see cref="Edit"/> null) or an SAE splice with an edit.</summary>
public sealed record InterventionSetting(string Name, SpliceEdit? Edit)
{
    public static InterventionSetting Baseline { get; } = new("baseline", null);

    public static InterventionSetting For(SpliceEdit edit) => new(edit.Describe(), edit);

    /// <summary>The setting that ablates <paramref name="features"/> together (duplicates dropped); its name finds its rows in a result.</summary>
    public static InterventionSetting Ablation(IEnumerable<int> features) => For(new SpliceEdit(features.Distinct().ToArray(), []));

    public bool IsBaseline => Edit is null;
}
