namespace ShoggothLens.Core.Analysis.Specificity;

/// <summary>Whether a feature's home persona stands above every other persona and narration (<see cref="HomeSpecificity"/>).</summary>
/// <param name="Home">The home persona (argmax of the persona firing rates), or null when it fires in no persona.</param>
/// <param name="HomeFirings">Home persona tokens where it fires.</param>
/// <param name="HomeTokens">Home persona tokens.</param>
/// <param name="CriticalZ">The z every comparison must reach.</param>
/// <param name="Rivals">One comparison per rival role with tokens, weakest (lowest z) first.</param>
/// <param name="Specific">Every rival beaten (and a home with enough firings).</param>
/// <param name="Reason">Why it is or is not specific, with the numbers of the weakest comparison.</param>
public sealed record SpecificityResult(
    string? Home,
    long HomeFirings,
    long HomeTokens,
    double CriticalZ,
    IReadOnlyList<RivalComparison> Rivals,
    bool Specific,
    string Reason)
{
    public double HomeRate => HomeTokens == 0 ? 0 : (double)HomeFirings / HomeTokens;
}
