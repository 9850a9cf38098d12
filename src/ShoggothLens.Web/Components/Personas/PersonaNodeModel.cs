using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;

namespace ShoggothLens.Web.Components.Personas;

/// <summary>What a node of the persona graph stands for.</summary>
public enum PersonaNodeKind { Assistant, Persona, Narration, Feature, Candidate, AssistantFeature }

/// <summary>A node of the persona graph: the Assistant, a persona, or a feature (with its id, for click-through).</summary>
public sealed class PersonaNodeModel(PersonaNodeKind kind, string label, int? feature, Point position) : NodeModel(position)
{
    public PersonaNodeKind Kind { get; } = kind;
    public string Label { get; } = label;
    public int? Feature { get; } = feature;
}
