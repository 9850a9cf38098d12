namespace ShoggothLens.Web.Components.Personas;

/// <summary>A placed node: centre coordinates in diagram units.</summary>
public readonly record struct Placement(double X, double Y);

/// <summary>
/// The persona graph's layout (Blazor.Diagrams ships none): the Assistant at the centre, personas evenly on a circle,
/// each persona's strongest features fanned outward behind it, its candidates on the spoke between it and the
/// Assistant (they leak inward), and the Assistant's own features on an inner ring between the spokes, far enough out
/// that the leak arrows meeting at the Assistant do not run through them.
/// </summary>
/// <param name="aspect">Horizontal stretch (a wide canvas holds an ellipse better than a circle).</param>
public sealed class RadialLayout(double centreX, double centreY, double radius, double aspect = 1)
{
    public double CentreX { get; } = centreX;
    public double CentreY { get; } = centreY;
    public double Radius { get; } = radius;

    public Placement Centre => new(CentreX, CentreY);

    double Angle(int persona, int personas) => -Math.PI / 2 + 2 * Math.PI * persona / Math.Max(1, personas);

    Placement At(double angle, double r) => new(CentreX + aspect * r * Math.Cos(angle), CentreY + r * Math.Sin(angle));

    public Placement Persona(int persona, int personas) => At(Angle(persona, personas), Radius);

    /// <summary>Feature <paramref name="k"/> of <paramref name="count"/> of a persona: on an arc outside the persona.</summary>
    public Placement PersonaFeature(int persona, int personas, int k, int count)
    {
        double spread = Math.Min(0.5, Math.PI / Math.Max(2, personas));
        double a = Angle(persona, personas) + (count <= 1 ? 0 : spread * (2.0 * k / (count - 1) - 1));
        return At(a, Radius * 1.55);
    }

    /// <summary>Candidate <paramref name="k"/> of <paramref name="count"/> of a persona: along the spoke between it and the
    /// Assistant, alternating a little to either side so their labels do not overlap, and far enough inside the persona's
    /// ring that they do not cover its (wide) label on a stretched canvas.</summary>
    public Placement Candidate(int persona, int personas, int k, int count)
    {
        const double first = 0.7, span = 0.28;
        double step = count <= 1 ? 0 : span / (count - 1);
        double a = Angle(persona, personas) + (k % 2 == 0 ? 1 : -1) * Math.Min(0.12, Math.PI / Math.Max(4, 2 * personas));
        return At(count <= 1 ? Angle(persona, personas) : a, Radius * (first - step * k));
    }

    /// <summary>The Assistant's own feature <paramref name="k"/> of <paramref name="count"/>: a small ring between the spokes.</summary>
    public Placement AssistantFeature(int k, int count, int personas)
    {
        double a = -Math.PI / 2 + Math.PI / Math.Max(1, personas) + 2 * Math.PI * k / Math.Max(1, count);
        return At(a, Radius * 0.46);
    }
}
