using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.Web.Services;

/// <summary>Every score the UI shows, with its formula and the catalog's parameters filled in (DESIGN.md).</summary>
public static class Formulas
{
    public static string Density => "density = share of all analysed tokens where the feature's activation a > 0";

    public static string Frequency => "freq(R) = share of the tokens of role R where a > 0; mean(R) = Σ a / |R|; max(R) = largest a in R";

    public static string Affinity(LoadedCatalog c) =>
        $"assistant affinity = ln((freq(Assistant) + ε) / (freq(Outside) + ε)), ε = {c.Parameter("epsilon")}; Outside = Persona(*) and Narration. " +
        $"Persona-aligned: affinity ≥ +τ; outside-role: affinity ≤ −τ; τ = {c.Parameter("tau")}.";

    public static string Wilson(LoadedCatalog c) =>
        $"Wilson lower bound of freq(Assistant), one-sided at confidence {c.Parameter("confidence")}: " +
        "(p̂ + z²/2n − z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), with n = Assistant tokens, p̂ = Assistant firings / n.";

    public static string Evidence(LoadedCatalog c) =>
        $"hidden-motive evidence = Wilson lower bound − floor, floor = {c.Parameter("floor")}; evidence > 0: the feature fires inside Assistant turns more than chance allows.";

    public static string OutsideRoleLeak(LoadedCatalog c) =>
        $"outside-role leak = affinity ≤ −τ (τ = {c.Parameter("tau")}) and evidence > 0 (Wilson lower bound of freq(Assistant) − floor, floor = {c.Parameter("floor")}). " +
        "Not a candidate by itself: punctuation, speech tags and layout fire in every role and pass this test.";

    public static string Candidate(LoadedCatalog c) =>
        "hidden-motive candidate (the label-free report, `shoggoth candidates`): evidence > 0, and a specific home persona — its rate beats every other persona's " +
        "and narration's (one-sided two-proportion z-test, Bonferroni over the features tested, rate ratio ≥ 2, ≥ 5 home firings). " +
        "Ranked by a covering trigger (shown by 95 % lower bounds to be in ≥ 80 % of its conversations, firing in ≥ 50 % of those holding it, absent from ≥ 80 % of the others; " +
        "the user turns holding it at most 2× as alike as user turns in general, so a request's own words are not one), a significant trigger (Fisher exact + Benjamini–Hochberg over the user turns of its conversations), its p-value, then evidence.";

    public static string HomePersona => "home persona = argmax over personas p of freq(Persona(p))";

    public static string LeakDocuments => "Assistant documents (conversations) in which this outside-role feature fires on an Assistant token";

    public static string PersonaCosine => "cosine of the feature's decoder direction with the persona vector: mean residual of Persona(p) tokens minus mean residual of Assistant tokens";
}
