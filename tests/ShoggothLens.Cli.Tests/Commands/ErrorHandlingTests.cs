using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary>A user who types something wrong, or hands us a bad file, gets a short message and a
/// non-zero exit code, never a stack trace.</summary>
public sealed class ErrorHandlingTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("cli-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static void AssertNoStackTrace(CliRunner.Result r)
    {
        Assert.DoesNotContain("   at ", r.Error);
        Assert.DoesNotContain("   at ", r.Out);
    }

    [Fact]
    public void AnUnknownCommandShowsUsage()
    {
        var r = CliRunner.Run("modle", "info");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("modle", r.Error);
        Assert.Contains("Usage", r.Out + r.Error);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void AMissingRequiredOptionIsNamed()
    {
        var r = CliRunner.Run("model", "logits", "--ids", "1,2");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--model", r.Error);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void AMissingModelDirectoryIsNamed()
    {
        string missing = Path.Combine(_dir, "nope");
        var r = CliRunner.Run("model", "info", "--model", missing);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Error);
        Assert.Contains(missing, r.Error);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void AnUnknownModelTypeIsNamed()
    {
        File.WriteAllText(Path.Combine(_dir, "config.json"), """{"model_type":"mamba","hidden_size":8}""");
        var r = CliRunner.Run("model", "info", "--model", _dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("config.json", r.Error);
        Assert.Contains("mamba", r.Error);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void AHostileWeightFileIsNamed()
    {
        File.Copy(Path.Combine(ReferenceFixtures.Model("gpt2"), "config.json"), Path.Combine(_dir, "config.json"));
        var bytes = new byte[16];
        BitConverter.GetBytes(1UL << 40).CopyTo(bytes, 0);
        File.WriteAllBytes(Path.Combine(_dir, "model.safetensors"), bytes);
        var r = CliRunner.Run("model", "logits", "--model", _dir, "--ids", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("model.safetensors", r.Error);
        Assert.Contains("header length", r.Error);
        AssertNoStackTrace(r);
    }

    [Theory]
    [InlineData("1,x,3", "'x'")]
    [InlineData("-4", "'-4'")]
    [InlineData("5000", "outside this model's vocabulary")]
    public void BadTokenIdsAreExplained(string ids, string expected)
    {
        var r = CliRunner.Run("model", "logits", "--model", ReferenceFixtures.Model("gpt2"), "--ids", ids);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Error);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void MissingTokenizerFilesAreNamed()
    {
        var r = CliRunner.Run("tokenize", "--tokenizer", _dir, "--text", "hi");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(_dir, r.Error);
        AssertNoStackTrace(r);
    }

    [Fact]
    public void TheRealProcessExitsNonZeroWithAShortMessage()
    {
        var r = CliRunner.RunProcess("model", "info", "--model", Path.Combine(_dir, "absent"));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Error);
        Assert.Single(r.Error.Trim().Split('\n'));

        var ok = CliRunner.RunProcess("model", "info", "--model", ReferenceFixtures.Model("gemma2"));
        Assert.True(ok.ExitCode == 0, ok.Error);
        Assert.Contains("Gemma2", ok.Out);
    }
}
