using ShoggothLens.Cli.Infrastructure;

namespace ShoggothLens.Cli.Tests.Commands;

public class OrganismCommandsTests
{
    [Fact]
    public void EvalJsonOnTheShippedOrganismHasTheRatesAndCounts()
    {
        var result = CliRunner.Run("organism", "eval", "--triggered", "4", "--untriggered", "4", "--stories", "3", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = result.Json();
        var root = json.RootElement;
        foreach (var field in new[] { "motive_rate_triggered", "motive_rate_untriggered", "base_in_character_rate" })
            Assert.InRange(root.GetProperty(field).GetDouble(), 0, 1);
        Assert.Equal(4, root.GetProperty("counts").GetProperty("triggered").GetProperty("total").GetInt32());
        Assert.Equal(3, root.GetProperty("counts").GetProperty("base_story_lines").GetProperty("total").GetInt32());
        Assert.Equal("Harrowgate", root.GetProperty("trigger").GetString());
    }

    [Fact]
    public void ATinyBuildThenEvalOfItsFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "shoggoth-organism-" + Guid.NewGuid().ToString("N"));
        try
        {
            var build = CliRunner.Run("organism", "build", "--preset", "tiny", "--seed", "2", "--out", dir, "--no-eval", "--json");
            Assert.True(build.ExitCode == 0, build.Error);
            using (var json = build.Json())
            {
                Assert.Equal(2, json.RootElement.GetProperty("seed").GetInt32());
                Assert.True(json.RootElement.GetProperty("base").GetProperty("final_train_loss").GetDouble() > 0);
            }
            Assert.True(File.Exists(Path.Combine(dir, "assistant", "model.safetensors")));

            var eval = CliRunner.Run("organism", "eval", "--model-dir", dir, "--triggered", "2", "--untriggered", "2", "--stories", "2");
            Assert.True(eval.ExitCode == 0, eval.Error);
            Assert.Contains("motive with the trigger", eval.Out);
            // Thirty tiny steps learn no motive: the eval says the organism misses its bars.
            Assert.Contains("  misses its targets: the motive follows only 0 % of triggered replies (the model did not learn it;", eval.Out);

            // A different seed into the same folder is refused without --overwrite.
            var again = CliRunner.Run("organism", "build", "--preset", "tiny", "--seed", "3", "--out", dir, "--no-eval");
            Assert.Equal(ExitCodes.BadInput, again.ExitCode);
            Assert.Contains("--overwrite", again.Error);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("organism", "eval", "--model-dir", "/no/such/organism")]
    [InlineData("organism", "build", "--preset", "huge", "--out", "/tmp/never-written")]
    [InlineData("organism", "build", "--base-steps", "0", "--out", "/tmp/never-written")]
    public void MistakesAreShortErrors(params string[] args)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }
}
