using ShoggothLens.Organism;
using ShoggothLens.Organism.Evaluation;

namespace ShoggothLens.Workbench.Organisms;

/// <summary>An organism's measurements and the folder they are of.</summary>
public sealed record OrganismEvaluation(OrganismLayout Layout, EvaluationReport Report);
