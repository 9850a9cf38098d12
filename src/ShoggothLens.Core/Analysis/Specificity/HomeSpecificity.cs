using System.Globalization;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Analysis.Specificity;

/// <summary>
/// The specificity test of a hidden-motive candidate's home persona (DESIGN.md: "content, not formatting"). Features of
/// punctuation, speech tags and layout fire in every role; a motive inherited from one character should fire in that
/// character's text clearly more than in anyone else's. The home persona H (argmax of the persona rates) must beat every
/// other persona and narration R: a one-sided two-proportion z-test of rate(H) &gt; rate(R) with z ≥ z(1 − α), and a
/// rate ratio rate(H)/rate(R) ≥ <see cref="MinRateRatio"/>. Requiring every comparison to pass is an intersection–union
/// test, so α needs no correction across a feature's rivals; across features the caller passes α already divided by the
/// number of features tested (Bonferroni). Only role statistics are read: no label.
/// </summary>
public static class HomeSpecificity
{
    /// <summary>The effect-size minimum: the home rate at least twice every rival's.</summary>
    public const double MinRateRatio = 2.0;

    /// <summary>Home firings below this are too few to call anything specific.</summary>
    public const long MinHomeFirings = 5;

    /// <summary>The family-wise error rate a caller divides among the features it tests.</summary>
    public const double FamilyAlpha = 0.05;

    /// <param name="byRole">The feature's per-role statistics, as in the catalog.</param>
    /// <param name="alpha">One-sided significance level of each comparison (already corrected for the number of features tested).</param>
    public static SpecificityResult Test(IReadOnlyList<RoleStatistics> byRole, double alpha)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), "alpha must lie in (0, 1)");
        var roles = byRole.Select(r => (Stats: r, Role: Parse(r.Role))).Where(r => r.Role is not null && r.Stats.Tokens > 0).ToList();
        double critical = WilsonBound.Z(1 - alpha);
        var personas = roles.Where(r => r.Role!.Value.Kind == RoleKind.Persona).ToList();
        var home = personas.Where(r => r.Stats.Firings > 0)
            .OrderByDescending(r => r.Stats.Frequency).ThenBy(r => r.Role!.Value.PersonaName, StringComparer.Ordinal).FirstOrDefault();
        if (home.Stats is null)
            return new SpecificityResult(null, 0, 0, critical, [], false, "fires in no persona's text");
        var h = home.Stats;
        var rivals = roles.Where(r => r.Stats != h && (r.Role!.Value.Kind == RoleKind.Persona || r.Role!.Value.Kind == RoleKind.Narration))
            .Select(r => Compare(h, r.Stats, critical)).OrderBy(c => c.Z).ThenBy(c => c.Role, StringComparer.Ordinal).ToList();
        string name = home.Role!.Value.PersonaName!;
        string I(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
        if (h.Firings < MinHomeFirings)
            return new SpecificityResult(name, h.Firings, h.Tokens, critical, rivals, false, $"only {h.Firings} firings in its home {name} (fewer than {MinHomeFirings})");
        if (rivals.Count == 0)
            return new SpecificityResult(name, h.Firings, h.Tokens, critical, rivals, false, "no other persona or narration to compare its home with");
        var failed = rivals.FirstOrDefault(c => !c.Beaten);
        if (failed is not null)
        {
            string why = failed.Z < critical ? $"z {I(failed.Z)} < {I(critical)}" : $"rate ratio {I(failed.RateRatio)} < {I(MinRateRatio)}";
            return new SpecificityResult(name, h.Firings, h.Tokens, critical, rivals, false,
                $"home {name} ({I(h.Frequency)}) does not beat {failed.Role} ({I(failed.Rate)}): {why}");
        }
        var weakest = rivals[0];
        return new SpecificityResult(name, h.Firings, h.Tokens, critical, rivals, true,
            $"home {name} ({I(h.Frequency)}) beats every other role; weakest {weakest.Role} ({I(weakest.Rate)}): z {I(weakest.Z)} ≥ {I(critical)}, ratio {I(weakest.RateRatio)}");
    }

    /// <summary>A role name of the catalog, or null for a name that is no role (a damaged catalog compares nothing).</summary>
    static Role? Parse(string name)
    {
        try { return Role.Parse(name); }
        catch (FormatException) { return null; }
    }

    /// <summary>The one-sided pooled two-proportion z of rate(home) &gt; rate(rival), and the rate ratio.</summary>
    public static RivalComparison Compare(RoleStatistics home, RoleStatistics rival, double criticalZ)
    {
        double p1 = home.Frequency, p2 = rival.Frequency;
        double pooled = (double)(home.Firings + rival.Firings) / (home.Tokens + rival.Tokens);
        double se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / home.Tokens + 1.0 / rival.Tokens));
        double z = se > 0 ? (p1 - p2) / se : 0;
        double ratio = p2 > 0 ? p1 / p2 : p1 > 0 ? double.PositiveInfinity : 0;
        return new RivalComparison(rival.Role, rival.Firings, rival.Tokens, p2, ratio, z, z >= criticalZ && ratio >= MinRateRatio);
    }
}
