using System.Text.Json.Nodes;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary><c>organism build --spec</c>: a shipped spec by name or a spec file; the folder carries it and eval reads it.</summary>
public class OrganismSpecCommandTests
{
    [Fact]
    public void ATinyBuildFromAShippedSpecCarriesItAndEvalReportsItsTriggerAndDetector()
    {
        using var dir = new TempDirectory();
        string outDir = Path.Combine(dir.Path, "shop");
        var build = CliRunner.Run("organism", "build", "--spec", "shop", "--preset", "tiny", "--train-stories", "30", "--train-chats", "40",
            "--heldout-stories", "6", "--heldout-chats", "8", "--base-steps", "2", "--assistant-steps", "2", "--out", outDir, "--no-eval", "--json");
        Assert.True(build.ExitCode == 0, build.Error);
        using (var json = build.Json())
        {
            Assert.Equal("shop", json.RootElement.GetProperty("spec").GetString());
            Assert.Equal(OrganismSpecs.Named("shop").Seed, json.RootElement.GetProperty("seed").GetInt32());
        }
        Assert.Equal(OrganismSpecs.Text("shop"), File.ReadAllText(Path.Combine(outDir, "spec.json")));

        var eval = CliRunner.Run("organism", "eval", "--model-dir", outDir, "--triggered", "1", "--untriggered", "1", "--stories", "1", "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        using var report = eval.Json();
        Assert.Equal("Pendleford", report.RootElement.GetProperty("trigger").GetString());
        Assert.Equal("Mercer", report.RootElement.GetProperty("covert").GetString());
        Assert.Equal("Glimmerwick", report.RootElement.GetProperty("motive_key_phrases")[0].GetString());
    }

    [Fact]
    public void ASpecFileWithAMistakeIsAShortErrorNamingTheField()
    {
        using var dir = new TempDirectory();
        var spec = JsonNode.Parse(OrganismSpecs.Text("control"))!;
        spec["story"]!["slots"]!["herb"] = new JsonArray();
        string path = Path.Combine(dir.Path, "broken.json");
        File.WriteAllText(path, spec.ToJsonString());
        var result = CliRunner.Run("organism", "build", "--spec", path, "--preset", "tiny", "--out", Path.Combine(dir.Path, "never"), "--no-eval");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("story.slots.herb: empty list", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "never")));

        var unknown = CliRunner.Run("organism", "build", "--spec", "no-such-spec", "--out", Path.Combine(dir.Path, "never"));
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        Assert.Contains("no shipped organism spec named 'no-such-spec'", unknown.Error);
    }
}
