namespace ShoggothLens.Core.Analysis.Triggers;

/// <summary>One term over-represented in the user turns of the conversations a feature fires in (<see cref="TriggerContrast"/>).</summary>
/// <param name="Term">A word or a two-word phrase, lower case.</param>
/// <param name="InLeaks">Conversations the feature fires in whose user turns hold the term.</param>
/// <param name="Leaks">Conversations the feature fires in.</param>
/// <param name="InOthers">Conversations it does not fire in whose user turns hold the term.</param>
/// <param name="Others">Conversations it does not fire in.</param>
/// <param name="P">Fisher's exact one-sided p (over-representation in the leak conversations).</param>
/// <param name="Q">Benjamini–Hochberg q over every term tested for this feature.</param>
/// <param name="LogOddsRatio">ln(((InLeaks+½)(Others−InOthers+½)) / ((Leaks−InLeaks+½)(InOthers+½))), the effect size.</param>
public sealed record TriggerTerm(string Term, int InLeaks, int Leaks, int InOthers, int Others, double P, double Q, double LogOddsRatio)
{
    public double LeakShare => Leaks == 0 ? 0 : (double)InLeaks / Leaks;
    public double OtherShare => Others == 0 ? 0 : (double)InOthers / Others;
}
