namespace ShoggothLens.Workbench.Browse;

/// <summary>A persona in the graph: its role name and its strongest features (by freq in its role), candidates apart.</summary>
public sealed record PersonaGraphNode(string Persona, string Role, IReadOnlyList<FeatureSummary> Strongest, IReadOnlyList<FeatureSummary> Candidates);

/// <summary>
/// What the personas page draws: the Assistant in the centre, every persona of the catalog around it with its
/// strongest outside-role features, and each hidden-motive candidate of the label-free report (the index's
/// <see cref="FeatureClass.Candidate"/>) tied to its home persona (and, by the page, to the Assistant with its leak count),
/// in the report's order. Layout is the page's business.
/// </summary>
public sealed record PersonaGraph(IReadOnlyList<PersonaGraphNode> Personas, IReadOnlyList<FeatureSummary> AssistantFeatures)
{
    public static PersonaGraph Build(FeatureSummaryIndex index, int strongest = 3, int assistantFeatures = 4)
    {
        var personas = new List<PersonaGraphNode>();
        foreach (string role in index.Roles.Where(r => r.StartsWith("Persona(", StringComparison.Ordinal)))
        {
            string name = role["Persona(".Length..^1];
            int i = index.RoleIndex(role);
            var own = index.Rows.Where(r => r.HomePersona == name && r.Class is FeatureClass.OutsideRole or FeatureClass.Candidate).ToList();
            // Strongest: the persona's own features that are not candidates (those are drawn apart, with their arrows).
            personas.Add(new PersonaGraphNode(name, role,
                own.Where(r => r.Class == FeatureClass.OutsideRole).OrderByDescending(r => r.RoleFrequencies[i]).ThenBy(r => r.Feature).Take(strongest).ToList(),
                own.Where(r => r.Class == FeatureClass.Candidate).OrderBy(r => r.CandidateRank).ToList()));
        }
        // Candidates whose home persona is not a role of the catalog (should not happen) still appear, under their name.
        foreach (var orphan in index.Rows.Where(r => r.Class == FeatureClass.Candidate && r.HomePersona is not null && personas.All(p => p.Persona != r.HomePersona))
                     .GroupBy(r => r.HomePersona!))
            personas.Add(new PersonaGraphNode(orphan.Key, $"Persona({orphan.Key})", [], orphan.OrderBy(r => r.CandidateRank).ToList()));
        var assistant = index.Rows.Where(r => r.Class == FeatureClass.PersonaAligned).OrderByDescending(r => r.Affinity).ThenBy(r => r.Feature).Take(assistantFeatures).ToList();
        return new PersonaGraph(personas, assistant);
    }
}
