namespace ShoggothLens.Core.Analysis;

/// <summary>A persona vector: mean residual over the tokens of <see cref="Role"/> minus the mean over Assistant tokens.</summary>
/// <param name="Persona">The persona's name, or "Narration".</param>
public sealed record PersonaVector(string Persona, string Role, long Tokens, long AssistantTokens, float[] Vector)
{
    public double Norm => Math.Sqrt(Vector.Sum(v => (double)v * v));
}
