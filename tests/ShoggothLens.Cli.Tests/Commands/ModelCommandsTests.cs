using ShoggothLens.Core.Safetensors;
using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Cli.Tests.Commands;

public class ModelCommandsTests
{
    public static TheoryData<string> Architectures => new(ReferenceFixtures.ModelArchitectures);

    [Theory]
    [MemberData(nameof(Architectures))]
    public void LogitsJsonMatchesTheHuggingFaceReference(string arch)
    {
        using var expected = SafetensorsFile.Open(Path.Combine(ReferenceFixtures.Model(arch), "expected.safetensors"));
        var ids = expected.ReadInt64("input_ids");
        var logits = expected.ReadFloat32("logits");
        var shape = expected.Info("logits").Shape; // [2, 24, vocab]
        int seq = (int)shape[1], vocab = (int)shape[2];

        for (int row = 0; row < 2; row++)
        {
            var result = CliRunner.Run("model", "logits", "--model", ReferenceFixtures.Model(arch),
                "--ids", string.Join(",", ids.Skip(row * seq).Take(seq)), "--json");
            Assert.True(result.ExitCode == 0, result.Error);
            using var json = result.Json();
            var rows = json.RootElement.GetProperty("logits");
            Assert.Equal(seq, rows.GetArrayLength());
            double maxError = 0;
            for (int t = 0; t < seq; t++)
            {
                var values = rows[t];
                Assert.Equal(vocab, values.GetArrayLength());
                for (int v = 0; v < vocab; v++)
                    maxError = Math.Max(maxError, Math.Abs(values[v].GetSingle() - logits[(row * seq + t) * vocab + v]));
            }
            Assert.True(maxError <= 1e-4, $"{arch} row {row}: max |Δlogit| = {maxError:E2}");
        }
    }

    [Fact]
    public void InfoDescribesTheModel()
    {
        var result = CliRunner.Run("model", "info", "--model", ReferenceFixtures.Model("llama"), "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = result.Json();
        var root = json.RootElement;
        Assert.Equal("llama", root.GetProperty("model_type").GetString());
        Assert.Equal(2, root.GetProperty("layers").GetInt32());
        Assert.Equal(64, root.GetProperty("d_model").GetInt32());
        Assert.Equal(2, root.GetProperty("kv_heads").GetInt32());
        var hooks = root.GetProperty("hook_points").EnumerateArray().Select(h => h.GetString()).ToList();
        Assert.Contains("blocks.1.hook_resid_post", hooks);
        Assert.Contains("blocks.0.hook_mlp_out", hooks);

        // Parameters: embeddings, untied head, 2 blocks; recomputed from the config.
        int d = 64, vocab = 1000, mlp = 160, kv = 2 * 16;
        long perBlock = d * d + 2L * d * kv + d * d + 3L * d * mlp + 2L * d;
        Assert.Equal(2L * vocab * d + 2 * perBlock + d, root.GetProperty("parameters").GetInt64());
    }

    [Fact]
    public void NeoXHasNoResidMidHookPoint()
    {
        var result = CliRunner.Run("model", "info", "--model", ReferenceFixtures.Model("gpt_neox"), "--json");
        using var json = result.Json();
        var hooks = json.RootElement.GetProperty("hook_points").EnumerateArray().Select(h => h.GetString()).ToList();
        Assert.DoesNotContain(hooks, h => h!.EndsWith("hook_resid_mid"));
        Assert.Contains("blocks.0.hook_attn_out", hooks);
    }

    [Fact]
    public void GenerateIsGreedyAndDeterministicAtTemperatureZero()
    {
        string[] args = ["model", "generate", "--model", ReferenceFixtures.Model("qwen2"), "--ids", "5,17,300", "--max-tokens", "6", "--json"];
        var first = CliRunner.Run(args);
        Assert.True(first.ExitCode == 0, first.Error);
        using var json = first.Json();
        var generated = json.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(6, generated.Count);
        Assert.Equal(first.Out, CliRunner.Run(args).Out);

        // Greedy: each generated token is the argmax of the logits after the tokens before it.
        var sequence = new List<long> { 5, 17, 300 };
        foreach (var token in generated)
        {
            var logits = CliRunner.Run("model", "logits", "--model", ReferenceFixtures.Model("qwen2"), "--ids", string.Join(",", sequence), "--json");
            using var l = logits.Json();
            var last = l.RootElement.GetProperty("logits")[sequence.Count - 1].EnumerateArray().Select(e => e.GetSingle()).ToList();
            Assert.Equal(last.IndexOf(last.Max()), (int)token);
            sequence.Add(token);
        }
    }

    [Fact]
    public void GenerateFromAPromptUsesTheTokenizer()
    {
        var result = CliRunner.Run("model", "generate", "--model", ReferenceFixtures.Model("gpt2"),
            "--tokenizer", ReferenceFixtures.Tokenizer("bytelevel-bpe"), "--prompt", "The spy said", "--max-tokens", "5", "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        using var json = result.Json();
        Assert.Equal(5, json.RootElement.GetProperty("ids").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("prompt_ids").GetArrayLength() > 0);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("text").GetString()));
    }
}

public class OrganismModelSpecTests
{
    [Theory]
    [InlineData("organism")]
    [InlineData("organism:base")]
    public void TheShippedOrganismIsAModelEveryCommandCanName(string spec)
    {
        var info = CliRunner.Run("model", "info", "--model", spec, "--json");
        Assert.True(info.ExitCode == 0, info.Error);
        using var json = info.Json();
        Assert.Equal("llama", json.RootElement.GetProperty("model_type").GetString());

        // Its own tokenizer sits beside it: --prompt works with no --tokenizer.
        var generated = CliRunner.Run("model", "generate", "--model", spec, "--prompt", "Bram said, \"", "--max-tokens", "12", "--json");
        Assert.True(generated.ExitCode == 0, generated.Error);
        using var g = generated.Json();
        Assert.False(string.IsNullOrWhiteSpace(g.RootElement.GetProperty("text").GetString()));
    }

    [Fact]
    public void AnUnknownOrganismCheckpointIsExplained()
    {
        var r = CliRunner.Run("model", "info", "--model", "organism:nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("organism:nope", r.Error);
    }
}
