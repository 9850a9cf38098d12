using ShoggothLens.Core.Formats;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzzing.Tests.Engine;

/// <summary>The runner's oracle on a parser written to misbehave in one way each: it must report each misbehaviour.</summary>
public sealed class OracleTests
{
    sealed class Misbehaving(string mode) : FuzzTarget
    {
        public override string Name => $"misbehaving-{mode}";
        public override string Description => mode;

        public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) =>
            [new FuzzSeed("one", new Dictionary<string, byte[]> { ["x"] = "{\"a\": [1, 2, 3], \"b\": \"text\"}"u8.ToArray() }, "x")];

        public override void Parse(string folder, FuzzSeed seed)
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, seed.Mutable));
            if (bytes.Length % 2 == 0) throw new InvalidInputFileException(folder, "even length");   // documented
            switch (mode)
            {
                case "crash": _ = bytes[bytes.Length + 1]; break;
                case "slow": Thread.Sleep(300); break;
                case "allocate": GC.KeepAlive(new byte[100 << 20]); break;
            }
        }
    }

    [Theory]
    [InlineData("crash", "IndexOutOfRangeException")]
    [InlineData("slow", "slow")]
    [InlineData("allocate", "allocation")]
    public void Undocumented_exceptions_slow_parses_and_large_allocations_are_findings(string mode, string kind)
    {
        using var session = new FuzzSession();
        var options = new FuzzOptions(30, 1, TimeSpan.FromMilliseconds(mode == "slow" ? 200 : 10_000), TimeSpan.FromSeconds(20));
        var report = FuzzRunner.Run(new Misbehaving(mode), session.Sources, options, session.Work("inputs"));

        Assert.True(report.FindingCount > 0);
        Assert.All(report.Findings, f => Assert.Equal(kind, f.Kind));
        Assert.Equal(30, report.Accepted + report.RefusedCount + report.FindingCount);
        Assert.True(report.RefusedCount > 0);
    }

    [Fact]
    public void A_well_behaved_parser_has_no_findings()
    {
        using var session = new FuzzSession();
        var report = FuzzRunner.Run(new Misbehaving("none"), session.Sources, FuzzOptions.Short(30, 1), session.Work("inputs"));
        Assert.Equal(0, report.FindingCount);
        Assert.Equal(30, report.Accepted + report.RefusedCount);
    }
}
