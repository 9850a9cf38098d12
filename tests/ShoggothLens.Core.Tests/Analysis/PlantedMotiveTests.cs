using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Analysis;

/// <summary>
/// Synthetic corpus: stories where Persona(spy) speaks, chats (User then Assistant); some chats carry a
/// "trigger" label in the User turn and then a "motive" span late in the Assistant turn. Feature 0 is the
/// planted motive: it fires in the spy's text and in triggered Assistant turns (before the motive span).
/// Decoys: 1 fires everywhere, 2 only in the spy's text, 3 in the spy's text with one stray Assistant
/// firing, 4 in the cook's text and at random in Assistant turns of untriggered chats at a lower rate.
/// </summary>
public sealed class PlantedMotiveTests
{
    static readonly Role[] Roles = [Role.User, Role.Assistant, Role.Narration, Role.Persona("spy"), Role.Persona("cook")];
    static readonly string[] Labels = ["trigger", "motive"];
    const int User = 0, Assistant = 1, Narration = 2, Spy = 3, Cook = 4;

    static FeatureAccumulator Build()
    {
        var random = new Random(7);
        var accumulator = new FeatureAccumulator(5, Roles, Labels);
        long token = 0;
        bool stray = false;
        void Add(long doc, int position, int role, uint labels, float[] acts) =>
            accumulator.AddDense(new TokenMeta(token++, role, doc, position, labels), acts);

        for (int doc = 0; doc < 400; doc++)
        {
            if (doc % 2 == 0)
            {
                for (int p = 0; p < 40; p++)
                {
                    int role = p < 10 ? Narration : (doc % 4 == 0 ? Spy : Cook);
                    var acts = new float[5];
                    acts[1] = 1;
                    if (role == Spy && random.NextDouble() < 0.5) acts[0] = 2;
                    if (role == Spy && random.NextDouble() < 0.5) acts[2] = 3;
                    if (role == Spy && random.NextDouble() < 0.5) acts[3] = 1;
                    if (role == Cook && random.NextDouble() < 0.5) acts[4] = 1;
                    Add(doc, p, role, 0, acts);
                }
            }
            else
            {
                bool triggered = doc % 20 == 1;
                for (int p = 0; p < 40; p++)
                {
                    int role = p < 10 ? User : Assistant;
                    uint labels = 0;
                    if (triggered && p == 3) labels |= 1;
                    if (triggered && p >= 30) labels |= 2;
                    var acts = new float[5];
                    acts[1] = 1;
                    if (triggered && role == Assistant && p >= 12 && random.NextDouble() < 0.3) acts[0] = 1.5f;
                    if (!triggered && role == Assistant && random.NextDouble() < 0.004) acts[4] = 0.5f;
                    if (role == Assistant && !stray) { acts[3] = 0.5f; stray = true; }
                    Add(doc, p, role, labels, acts);
                }
            }
        }
        return accumulator;
    }

    /// <summary>The outside-role leaks (the catalog's flag) by evidence, strongest first.</summary>
    static List<FeatureStatistics> LeaksByEvidence(IEnumerable<FeatureStatistics> results) =>
        results.Where(f => f.Scores.OutsideRoleLeak).OrderByDescending(f => f.Scores.HiddenMotiveEvidence).ThenBy(f => f.Feature).ToList();

    [Fact]
    public void ThePlantedFeatureIsTheStrongestOutsideRoleLeakAndItsLeaksNameTheTrigger()
    {
        var accumulator = Build();
        var ranked = LeaksByEvidence(accumulator.Results());
        Assert.NotEmpty(ranked);
        var first = ranked[0];
        Assert.Equal(0, first.Feature);
        Assert.True(first.Scores.OutsideRole);
        Assert.Equal("spy", first.Scores.HomePersona);
        Assert.Equal(["trigger"], first.Scores.SharedTriggers);
        Assert.All(first.Scores.LeakDocuments, l => Assert.Contains("trigger", l.Labels));
        Assert.Equal(first.Scores.LeakDocuments.Count, first.Scores.LeaksWithMotive);
        Assert.Equal(first.Scores.LeakDocuments.Count, first.Scores.LeaksFiringBeforeMotive);

        // Decoys: 1 is not outside-role; 2 never leaks; 3 leaks once (below the floor at 99 % confidence).
        Assert.DoesNotContain(ranked, f => f.Feature is 1 or 2 or 3);
        Assert.False(accumulator.Result(1).Scores.OutsideRole);
        Assert.True(accumulator.Result(2).Scores.OutsideRole);
        Assert.Equal(0, accumulator.Result(2).Scores.LeakDocumentCount);
        Assert.Equal("cook", accumulator.Result(4).Scores.HomePersona);
        Assert.Empty(accumulator.Result(4).Scores.SharedTriggers);
    }

    [Fact]
    public void An_outside_role_leak_is_exactly_an_outside_role_feature_with_evidence_above_zero()
    {
        var results = Build().Results().ToList();
        Assert.All(results, f => Assert.Equal(f.Scores.OutsideRole && f.Scores.HiddenMotiveEvidence > 0, f.Scores.OutsideRoleLeak));
        Assert.Contains(results, f => f.Scores.OutsideRoleLeak);
        Assert.Contains(results, f => f.Scores.OutsideRole && !f.Scores.OutsideRoleLeak);   // feature 2: never in Assistant turns
    }
}
