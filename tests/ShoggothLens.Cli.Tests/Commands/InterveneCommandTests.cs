using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Cli.Tests.Commands;

/// <summary><c>shoggoth intervene</c> on the shipped organism with a small random SAE, at small sizes.</summary>
public sealed class InterveneCommandTests : IDisposable
{
    const string Hook = "blocks.1.hook_resid_post";
    const int DModel = 192, DSae = 32;
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-intervene-cli-").FullName;
    readonly string _sae;

    public InterveneCommandTests()
    {
        var random = new Random(5);
        float[] Uniform(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        _sae = Path.Combine(_root, "sae");
        SaeLensFormat.Save(_sae, new SaeConfig(SaeArchitecture.Standard, DModel, DSae, HookName: Hook),
            new SaeParameters(DModel, DSae, Uniform(DModel * DSae, 0.2), Uniform(DSae, 0.05), Uniform(DModel * DSae, 0.2), new float[DModel]));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    string[] Small(params string[] more) =>
        ["intervene", "--sae", _sae, "--chats", "2", "--samples", "2", "--ce-docs", "2", "--max-new-tokens", "48", .. more];

    [Fact]
    public void Json_reports_the_ce_cost_the_motive_rates_per_setting_and_the_samples()
    {
        var result = CliRunner.Run(Small("--steer", "4", "--alpha", "0,30", "--json"));
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Equal(Hook, root.GetProperty("hook").GetString());
        Assert.Equal(DSae, root.GetProperty("sae_width").GetInt32());
        var ce = root.GetProperty("cross_entropy");
        Assert.Equal(2, ce.GetProperty("documents").GetInt32());
        Assert.True(Math.Abs(ce.GetProperty("splice").GetDouble() - ce.GetProperty("clean").GetDouble()) < 1e-4);
        var interventions = ce.GetProperty("interventions");
        Assert.Equal(["steer 4 α=0", "steer 4 α=30"], interventions.EnumerateArray().Select(x => x.GetProperty("setting").GetString()));
        Assert.True(Math.Abs(interventions[0].GetProperty("delta").GetDouble()) < 1e-4);
        var motive = root.GetProperty("motive");
        Assert.Equal(3, motive.GetArrayLength());
        Assert.Equal("baseline", motive[0].GetProperty("setting").GetString());
        Assert.Equal(2, motive[0].GetProperty("triggered").GetInt32());
        Assert.Equal(0, motive[0].GetProperty("untriggered_hits").GetInt32());
        Assert.True(motive[0].GetProperty("triggered_hits").GetInt32() >= 1);
        var samples = root.GetProperty("samples");
        Assert.Equal(2, samples.GetArrayLength());
        Assert.True(samples[0].GetProperty("triggered").GetBoolean());
        Assert.Equal(3, samples[0].GetProperty("replies").GetArrayLength());
    }

    [Fact]
    public void The_table_names_each_setting()
    {
        var result = CliRunner.Run(Small("--ablate", "1,2"));
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("spliced at " + Hook, result.Out);
        Assert.Contains("reconstruction", result.Out);
        Assert.Contains("ablate 1,2", result.Out);
        Assert.Contains("motive rate", result.Out);
        Assert.Contains("[triggered]", result.Out);
    }

    [Theory]
    [InlineData("--ablate", "99", "--ablate")]
    [InlineData("--steer", "3", "--alpha")]
    [InlineData("--ablate", "x", "--ablate")]
    public void Mistakes_name_the_flag(string flag, string value, string named)
    {
        var result = CliRunner.Run(Small(flag, value));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Error);
    }
}
