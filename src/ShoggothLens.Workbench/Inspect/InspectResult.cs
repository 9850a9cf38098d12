namespace ShoggothLens.Workbench.Inspect;

/// <summary>What an inspection gave: tokens, or a refusal (too long, malformed, busy) with a sentence to show.</summary>
public abstract record InspectResult
{
    InspectResult() { }

    /// <param name="Personas">Persona vector names, in the order of each token's projections.</param>
    /// <param name="Hook">The hook the SAE read.</param>
    public sealed record Done(IReadOnlyList<InspectedToken> Tokens, IReadOnlyList<string> Personas, string Hook, int Features, TimeSpan Elapsed) : InspectResult
    {
        /// <summary>The largest activation of <paramref name="feature"/> over the input (0 when it never fires).</summary>
        public float MaxOf(int feature) => Tokens.Count == 0 ? 0 : Tokens.Max(t => t.ActivationOf(feature));

        /// <summary>Features by their largest activation over the input, strongest first.</summary>
        public IReadOnlyList<FeatureActivation> StrongestFeatures(int count) => Tokens
            .SelectMany(t => t.Active).GroupBy(a => a.Feature)
            .Select(g => new FeatureActivation(g.Key, g.Max(a => a.Activation)))
            .OrderByDescending(a => a.Activation).ThenBy(a => a.Feature).Take(count).ToList();
    }

    /// <summary>The input was not run: <paramref name="Reason"/> says why and what to do.</summary>
    public sealed record Refused(string Reason) : InspectResult;

    /// <summary>Another inspection holds the model; try again in a moment.</summary>
    public sealed record Busy(string Reason) : InspectResult;
}
