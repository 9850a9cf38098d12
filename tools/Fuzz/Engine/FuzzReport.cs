namespace ShoggothLens.Fuzz.Engine;

/// <summary>What one parser's run did: inputs tried, how each ended, the slowest parse and the largest allocation (and a few refusal messages, to see what the mutations reach).</summary>
public sealed record FuzzReport(string Parser, int Inputs, int Accepted, IReadOnlyDictionary<string, int> Refused,
    IReadOnlyList<FuzzFinding> Findings, int FindingCount, TimeSpan Elapsed, TimeSpan SlowestParse, long LargestAllocation, long LargestInput,
    IReadOnlyList<string> RefusalSamples)
{
    public int RefusedCount => Refused.Values.Sum();

    public override string ToString() =>
        $"{Parser,-18} {Inputs,7} inputs  {Accepted,6} accepted  {RefusedCount,6} refused  {FindingCount,4} findings  " +
        $"{Elapsed.TotalSeconds,7:F1} s  slowest {SlowestParse.TotalMilliseconds,7:F0} ms  max alloc {LargestAllocation / (1 << 20),5} MiB  max input {LargestInput / 1024,6} KiB";
}
