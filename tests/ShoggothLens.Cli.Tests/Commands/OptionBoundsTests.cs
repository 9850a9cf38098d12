using System.CommandLine;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>
/// Issue 14: <c>train --batch 0</c>, <c>train --width 2000000000</c>, <c>analyze --context-before 1000000000</c> and
/// <c>analyze --top-examples 100000000</c> crashed (exit 70), and some bad values gave 2 where the README promises 1.
/// Numeric options are bounded while the command line is parsed: a value outside is a command-line mistake (exit 1).
/// </summary>
public sealed class OptionBoundsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("cli-bounds-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--width", "train", "--width", "2000000000")]
    [InlineData("--batch", "train", "--width", "64", "--batch", "0")]
    [InlineData("--lr", "train", "--width", "64", "--lr", "NaN")]
    [InlineData("--k", "train", "--width", "64", "--k", "0")]
    [InlineData("--context-before", "analyze", "--context-before", "1000000000")]
    [InlineData("--top-examples", "analyze", "--top-examples", "100000000")]
    [InlineData("--batch", "analyze", "--batch", "0")]
    [InlineData("--batch", "harvest", "--batch", "0")]
    [InlineData("--context", "harvest", "--context", "-5")]
    [InlineData("--max-line-bytes", "harvest", "--max-line-bytes", "2000000000")]
    [InlineData("--batch-size", "export", "--batch-size", "0")]
    public void An_out_of_range_value_is_a_command_line_mistake(string flag, string command, params string[] values)
    {
        string output = Path.Combine(_dir, "out");
        string[] required = command switch
        {
            "train" => ["--store", _dir, "--hook", "blocks.0.hook_resid_post", "--arch", "topk", "--out", output],
            "analyze" => ["--store", _dir, "--sae", _dir, "--out", output],
            "harvest" => ["--model", _dir, "--corpus", "c.jsonl", "--hook", "blocks.0.hook_resid_post", "--out", output],
            _ => ["--catalog", _dir, "--format", "csv", "--out", output],
        };
        var r = CliRunner.Run([command, .. required, .. values]);
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.Error}");
        Assert.Contains(flag, r.Error);
        Assert.DoesNotContain("unexpected", r.Error);
        Assert.False(Directory.Exists(output), "nothing is written for a command-line mistake");
    }

    /// <summary>
    /// The sweep: every numeric option of every command (the GPU diagnostics aside; demo, whose values reach train's library checks; and seeds, which take any value) refuses
    /// an absurd value at parse time, so none can reach an allocation or a division.
    /// </summary>
    [Fact]
    public void Every_numeric_option_is_bounded_at_parse_time()
    {
        var root = ShoggothCli.BuildRootCommand();
        var unbounded = new List<string>();
        int checkedOptions = 0;
        void Walk(Command command, string[] path)
        {
            foreach (var sub in command.Subcommands)
                if (sub.Name is not ("gpu-check" or "demo")) Walk(sub, [.. path, sub.Name]);
            foreach (var option in command.Options)
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                string? absurd = type == typeof(int) ? "-2147483648" : type == typeof(long) ? "-9223372036854775808"
                    : type == typeof(double) || type == typeof(float) ? "NaN" : null;
                if (absurd is null || option.Name == "--seed") continue;
                checkedOptions++;
                var parse = root.Parse([.. path, option.Name, absurd]);
                if (!parse.Errors.Any(e => e.Message.StartsWith($"{option.Name} must be between", StringComparison.Ordinal)))
                    unbounded.Add($"{string.Join(' ', path)} {option.Name}");
            }
        }
        Walk(root, []);
        Assert.True(checkedOptions > 40, $"only {checkedOptions} numeric options found");
        Assert.True(unbounded.Count == 0, "unbounded: " + string.Join(", ", unbounded));
    }
}
