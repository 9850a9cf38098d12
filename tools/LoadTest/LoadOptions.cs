using System.Globalization;

namespace ShoggothLens.LoadTest;

/// <summary>Command-line options. Every loop the tool runs is bounded by <see cref="Duration"/> and <see cref="HardCap"/>.</summary>
/// <param name="Sessions">Concurrent browser sessions (one browser context and one circuit each).</param>
/// <param name="Duration">How long sessions keep starting new steps.</param>
/// <param name="Features">Features in the generated catalog.</param>
/// <param name="Catalog">A catalog folder to reuse, or to generate into and keep; null: a temporary folder, deleted at the end.</param>
/// <param name="StepTimeout">How long one step may wait for its content before it counts as an error.</param>
/// <param name="Seed">Seeds each session's choice of sorts, filters and features.</param>
/// <param name="Json">Where to write the JSON summary as well (it is always printed as the last line).</param>
/// <param name="Think">A user's pause before each step (reading the page); zero: every session acts as soon as its last step ended.</param>
/// <param name="Browser">Drive Debian's chromium through Playwright instead of the protocol client.</param>
public sealed record LoadOptions(
    int Sessions = 20,
    TimeSpan Duration = default,
    int Features = 100_000,
    string? Catalog = null,
    TimeSpan StepTimeout = default,
    int Seed = 1,
    string? Json = null,
    bool Browser = false,
    TimeSpan Think = default)
{
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(10);

    /// <summary>The whole run ends by this time after the sessions start, whatever a step is waiting on.</summary>
    public TimeSpan HardCap => Duration + StepTimeout + TimeSpan.FromSeconds(30);

    public const string Usage = """
        usage: ShoggothLens.LoadTest [--sessions N] [--duration SECONDS] [--features N] [--catalog DIR] [--step-timeout SECONDS] [--seed N] [--json FILE] [--client protocol|browser] [--think MS]
          --sessions      concurrent sessions, one circuit each (default 20, at most 64)
          --duration      seconds the sessions run (default 60, at most 600)
          --features      features in the generated catalog (default 100000)
          --catalog       reuse the catalog in DIR, or generate it there and keep it (default: a temporary folder)
          --step-timeout  seconds one step may wait for its content before it counts as an error (default 20)
          --seed          seeds each session's choices (default 1)
          --json          also write the JSON summary to FILE
          --think         milliseconds a user pauses before each step, as a person reading the page (default 0:
                          every session acts the moment its last step ended, which measures the server saturated;
                          protocol client only)
          --client        protocol (default): each session is a Blazor circuit driven over SignalR without a browser, as
                          blazor.web.js drives it; browser: each session is a page in Debian's chromium (Playwright)
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var o = new LoadOptions(Duration: TimeSpan.FromSeconds(60), StepTimeout: TimeSpan.FromSeconds(20));
        for (int i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int(int min, int max)
            {
                string name = args[i], v = Next();
                if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                    throw new ArgumentException($"{name} takes a whole number from {min} to {max}, not '{v}'");
                return n;
            }
            o = args[i] switch
            {
                "--sessions" => o with { Sessions = Int(1, 64) },
                "--duration" => o with { Duration = TimeSpan.FromSeconds(Int(1, (int)MaxDuration.TotalSeconds)) },
                "--features" => o with { Features = Int(10, 2_000_000) },
                "--catalog" => o with { Catalog = Next() },
                "--step-timeout" => o with { StepTimeout = TimeSpan.FromSeconds(Int(1, 120)) },
                "--seed" => o with { Seed = Int(0, int.MaxValue) },
                "--json" => o with { Json = Next() },
                "--think" => o with { Think = TimeSpan.FromMilliseconds(Int(0, 60_000)) },
                "--client" => Next() switch
                {
                    "protocol" => o with { Browser = false },
                    "browser" => o with { Browser = true },
                    var v => throw new ArgumentException($"--client takes protocol or browser, not '{v}'"),
                },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }
        return o;
    }
}
