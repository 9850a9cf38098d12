using ShoggothLens.Core.Roles;

namespace ShoggothLens.Workbench.Inspect;

/// <summary>One typed turn: its role (System, User, Assistant in a chat; Persona(name) or Narration in a story) and text.</summary>
public sealed record InspectTurn(Role Role, string Text);
