namespace ShoggothLens.Web.Components.Charts;

/// <summary>One colour per home persona, stable for a catalog (personas in name order), readable in both themes.</summary>
public static class PersonaPalette
{
    static readonly string[] Colours = ["#e8710a", "#12a4b3", "#c0399f", "#7cb342", "#8e6cef", "#d4a017", "#a1887f", "#6d4c41", "#00897b", "#f06292"];

    public const string None = "#9aa3af";

    public static string Of(string? persona, IReadOnlyList<string> personas)
    {
        if (persona is null) return None;
        for (int i = 0; i < personas.Count; i++) if (personas[i] == persona) return Colours[i % Colours.Length];
        return None;
    }
}
