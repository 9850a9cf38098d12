using ShoggothLens.Organism.Training;

namespace ShoggothLens.Workbench.Organisms;

/// <summary>What <see cref="OrganismWorkflow.Build"/> is asked to do: build a model organism from a spec into a folder.</summary>
public sealed record OrganismBuildRequest
{
    /// <summary>The build: seed, corpus, tokenizer, model shape and the two training stages (e.g. <see cref="OrganismBuildOptions.Default"/>).</summary>
    public required OrganismBuildOptions Options { get; init; }
    /// <summary>The organism folder; an interrupted build resumes in it.</summary>
    public required string Output { get; init; }
    /// <summary>Replace checkpoints of a different build in <see cref="Output"/>.</summary>
    public bool Overwrite { get; init; }
}
