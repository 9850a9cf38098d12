using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Fuzz.Targets;

namespace ShoggothLens.Fuzzing.Tests;

/// <summary>
/// The CI fuzz run: every parser of untrusted bytes over 200 seeded mutations (the same inputs every run), each ending
/// in success or the parser's documented refusal within 5 s and its allocation bound. The long runs (≥ 10,000 inputs
/// per parser) are tools/Fuzz; their figures are in docs/reliability.md.
/// </summary>
public sealed class ShortFuzzRunTests
{
    const int Inputs = 200, Seed = 14;

    public static TheoryData<string> Parsers() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Every_mutated_input_is_parsed_or_refused_with_the_documented_error(string parser)
    {
        using var session = new FuzzSession();
        var target = FuzzTargets.Get(parser);

        var seedProblems = FuzzRunner.CheckSeeds(target, session.Sources, session.Work("check"));
        Assert.True(seedProblems.Count == 0, $"seeds that do not parse: {string.Join("; ", seedProblems.Select(p => $"{p.Key}: {p.Value}"))}");

        var report = FuzzRunner.Run(target, session.Sources, FuzzOptions.Short(Inputs, Seed), session.Work("inputs"));

        Assert.True(report.FindingCount == 0, $"{report}\n{string.Join("\n", report.Findings)}");
        Assert.Equal(Inputs, report.Inputs);
        Assert.Equal(Inputs, report.Accepted + report.RefusedCount);
        Assert.True(report.RefusedCount > 0, "no mutation was refused: the mutations reach nothing");
    }
}
