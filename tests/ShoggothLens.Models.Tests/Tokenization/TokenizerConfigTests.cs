using System.Text.Json.Nodes;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// tokenizer.json variants and config files, built from the byte-level fixture: the layouts of
/// Llama 3 / Qwen2 (regex Split + ByteLevel, TemplateProcessing BOS) and of the config files.
/// </summary>
public class TokenizerConfigTests
{
    static readonly string ByteLevelDir = ReferenceFixtures.Tokenizer("bytelevel-bpe");
    static readonly IReadOnlyList<ExpectedEncoding> Expected = ExpectedEncoding.Load(Path.Combine(ByteLevelDir, "expected.json"));

    static JsonObject FixtureJson() => JsonNode.Parse(File.ReadAllText(Path.Combine(ByteLevelDir, "tokenizer.json")))!.AsObject();

    [Fact]
    public void SplitThenByteLevelWithoutRegexGivesTheSameIds()
    {
        using var dir = new TempDirectory();
        var json = FixtureJson();
        json["pre_tokenizer"] = JsonNode.Parse($$"""
            {"type": "Sequence", "pretokenizers": [
              {"type": "Split", "pattern": {"Regex": {{System.Text.Json.JsonSerializer.Serialize(RegexPreTokenizer.Gpt2Pattern)}}}, "behavior": "Isolated", "invert": false},
              {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]}
            """);
        dir.Write("tokenizer.json", json.ToJsonString());

        var tokenizer = TokenizerLoader.Load(dir.Path);

        foreach (var expected in Expected)
            Assert.Equal(expected.Ids, tokenizer.Encode(expected.Text).Select(p => p.Id));
    }

    [Fact]
    public void MergesAsPairsReadLikeMergesAsStrings()
    {
        using var dir = new TempDirectory();
        var json = FixtureJson();
        var model = json["model"]!.AsObject();
        var pairs = new JsonArray(model["merges"]!.AsArray().Select(m => (JsonNode)new JsonArray(m![0]!.GetValue<string>(), m[1]!.GetValue<string>())).ToArray());
        var strings = new JsonArray(model["merges"]!.AsArray().Select(m => (JsonNode)JsonValue.Create(m![0]!.GetValue<string>() + " " + m[1]!.GetValue<string>())).ToArray());
        foreach (var merges in new[] { pairs, strings })
        {
            model["merges"] = merges.DeepClone();
            dir.Write("tokenizer.json", json.ToJsonString());
            var tokenizer = TokenizerLoader.Load(dir.Path);
            foreach (var expected in Expected)
                Assert.Equal(expected.Ids, tokenizer.Encode(expected.Text).Select(p => p.Id));
        }
    }

    [Fact]
    public void TemplateProcessingBosIsAddedOnlyWithSpecialTokens()
    {
        using var dir = new TempDirectory();
        var json = FixtureJson();
        json["post_processor"] = JsonNode.Parse("""
            {"type": "Sequence", "processors": [
              {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false, "use_regex": true},
              {"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
               "pair": [], "special_tokens": {}}]}
            """);
        dir.Write("tokenizer.json", json.ToJsonString());

        var tokenizer = TokenizerLoader.Load(dir.Path);

        Assert.True(tokenizer.AddsBos);
        Assert.Equal(0, tokenizer.BosId);
        Assert.Equal(Expected[0].Ids, tokenizer.Encode(Expected[0].Text).Select(p => p.Id));
        var withBos = tokenizer.Encode(Expected[0].Text, addSpecialTokens: true);
        Assert.Equal([0, .. Expected[0].Ids], withBos.Select(p => p.Id));
        Assert.Equal((0, 0), (withBos[0].Start, withBos[0].End));
    }

    [Fact]
    public void ConfigFilesAddTokensAndNameBosEos()
    {
        using var dir = new TempDirectory();
        dir.Write("tokenizer.json", FixtureJson().ToJsonString());
        dir.Write("tokenizer_config.json", """
            {"bos_token": {"content": "<|endoftext|>"}, "eos_token": "<|im_end|>", "add_bos_token": true,
             "added_tokens_decoder": {
               "420": {"content": "<|im_start|>", "special": true, "lstrip": false, "rstrip": false, "single_word": false},
               "421": {"content": "<|im_end|>", "special": true, "rstrip": true}},
             "chat_template": "{{ '<|im_start|>' }}"}
            """);

        var tokenizer = TokenizerLoader.Load(dir.Path);
        var pieces = tokenizer.Encode("<|im_start|>hi<|im_end|> \n", addSpecialTokens: true);

        Assert.Equal(422, tokenizer.VocabSize);
        Assert.Equal(0, tokenizer.BosId);
        Assert.Equal(421, tokenizer.EosId);
        Assert.Equal([0, 420, 72, 73, 421], pieces.Select(p => p.Id));
        // rstrip: the end marker swallows the whitespace after it.
        Assert.Equal((14, 26), (pieces[^1].Start, pieces[^1].End));
        Assert.Equal("<|im_start|>", tokenizer.IdToToken(420));
        Assert.Equal("<|endoftext|><|im_start|>hi<|im_end|>", tokenizer.Decode(pieces.Select(p => p.Id).ToList()));
        Assert.Equal("{{ '<|im_start|>' }}", TokenizerConfig.Read(dir.Path).ChatTemplate);
    }

    [Fact]
    public void AddedTokenLStripAndSingleWordFollowHuggingFace()
    {
        using var dir = new TempDirectory();
        var json = FixtureJson();
        json["added_tokens"]!.AsArray().Add(JsonNode.Parse("""{"id": 420, "content": "<mask>", "lstrip": true, "special": true}"""));
        json["added_tokens"]!.AsArray().Add(JsonNode.Parse("""{"id": 421, "content": "cat", "single_word": true, "special": false}"""));
        dir.Write("tokenizer.json", json.ToJsonString());

        var tokenizer = TokenizerLoader.Load(dir.Path);

        var mask = Assert.Single(tokenizer.Encode("a  <mask>"), p => p.Id == 420);
        Assert.Equal((1, 9), (mask.Start, mask.End));
        Assert.Contains(tokenizer.Encode("a cat here"), p => p.Id == 421);
        Assert.DoesNotContain(tokenizer.Encode("concatenate"), p => p.Id == 421);
    }

    [Fact]
    public void DecodeRefusesUnknownIds()
    {
        var tokenizer = TokenizerLoader.Load(ByteLevelDir);
        Assert.Throws<ArgumentException>(() => tokenizer.Decode([5, 420]));
        Assert.Throws<ArgumentException>(() => tokenizer.Decode([-1]));
    }
}
