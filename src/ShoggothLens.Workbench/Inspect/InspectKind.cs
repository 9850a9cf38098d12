namespace ShoggothLens.Workbench.Inspect;

/// <summary>How typed turns become text, as harvest does for a corpus document of the same kind.</summary>
public enum InspectKind
{
    /// <summary>System/User/Assistant turns rendered with the model's chat template (control text is Template).</summary>
    Chat,
    /// <summary>Persona and Narration parts concatenated as written (a story or role-play).</summary>
    Story,
}
