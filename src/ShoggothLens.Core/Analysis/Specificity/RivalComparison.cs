namespace ShoggothLens.Core.Analysis.Specificity;

/// <summary>
/// The home persona's firing rate against one rival role (another persona, or narration): a one-sided two-proportion
/// z-test (pooled variance) of rate(home) &gt; rate(rival), and the rate ratio as the effect size.
/// </summary>
/// <param name="Role">The rival role, as the catalog spells it.</param>
/// <param name="Firings">Rival tokens where the feature fires.</param>
/// <param name="Tokens">Rival tokens.</param>
/// <param name="Rate">Firings / Tokens.</param>
/// <param name="RateRatio">rate(home) / rate(rival); +∞ when the rival never fires.</param>
/// <param name="Z">(p_home − p_rival) / √(p̄(1−p̄)(1/n_home + 1/n_rival)), p̄ pooled; 0 when both rates are 0 or 1.</param>
/// <param name="Beaten">Z ≥ the test's critical z and RateRatio ≥ the minimum ratio.</param>
public sealed record RivalComparison(string Role, long Firings, long Tokens, double Rate, double RateRatio, double Z, bool Beaten);
