using ShoggothLens.Organism.Evaluation;

namespace ShoggothLens.Workbench.Organisms;

/// <summary>What <see cref="OrganismWorkflow.Evaluate"/> is asked to do: measure an organism on its held-out split.</summary>
public sealed record OrganismEvalRequest
{
    /// <summary>An organism folder with base/, assistant/ and corpus/; null: the shipped organism.</summary>
    public string? ModelDirectory { get; init; }
    public EvaluationOptions Options { get; init; } = EvaluationOptions.Default;
    /// <summary>Also write the report to the organism's eval.json (what a build does).</summary>
    public bool WriteReport { get; init; }
}
