namespace ShoggothLens.Fuzz.Engine;

/// <summary>How long a run is and what counts as too slow.</summary>
/// <param name="Inputs">Mutated inputs per parser.</param>
/// <param name="Seed">With the parser's name and the input's index, fixes every mutation.</param>
/// <param name="SlowParse">A parse that takes longer is a finding (a parser must stay near linear in its input).</param>
/// <param name="Hang">A parse still running after this is a hang: the run stops there.</param>
/// <param name="FindingsFolder">Where each finding's input is saved (none when null).</param>
/// <param name="First">Index of the first input: with <paramref name="Inputs"/> 1 it replays one input of a run.</param>
public sealed record FuzzOptions(int Inputs, int Seed, TimeSpan SlowParse, TimeSpan Hang, string? FindingsFolder = null, int First = 0)
{
    public static FuzzOptions Short(int inputs, int seed) => new(inputs, seed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
}
