using System.Diagnostics;

namespace ShoggothLens.LoadTest;

/// <summary>One simulated user: a browser page (<see cref="Session"/>) or a circuit without a browser (<see cref="Circuit.ProtocolSession"/>).</summary>
public interface ILoadSession
{
    int Rounds { get; }

    /// <summary>Runs rounds until <paramref name="deadline"/> (no new step starts after it) or <paramref name="maxRounds"/>.</summary>
    Task RunAsync(Stopwatch clock, TimeSpan deadline, int maxRounds);
}
