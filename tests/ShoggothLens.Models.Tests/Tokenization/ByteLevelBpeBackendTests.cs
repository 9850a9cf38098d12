using System.Text.Json;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

/// <summary>
/// Which byte-level implementation the loader picks, and that the package-backed one gives exactly
/// our ids and offsets beyond the four fixture strings: on the shipped organism's tokenizer and
/// held-out corpus (its checkpoints depend on those ids), on edge strings, with a prefix space,
/// with added tokens and for ranges.
/// </summary>
public class ByteLevelBpeBackendTests
{
    static readonly string FixtureDir = ReferenceFixtures.Tokenizer("bytelevel-bpe");
    static readonly string OrganismCheckpoints = Path.Combine(ReferenceFixtures.RepoRoot, "src", "ShoggothLens.Organism", "Checkpoints");

    static readonly string[] EdgeStrings =
    [
        "", " ", "  x", "x  ", "\r\n\t  \n\n", "12345 6", "Hello🤗🤗 world!!\n\nI'M here's",
        "\ud83e x", "x\udd17", "é🤗", "<|endoftext|>", "hi<|endoftext|> hi", "<|endoftext|><|endoftext|>  ",
        "Café naïve 東京 — dash", "a\u0000b\u007f",
    ];

    public static TheoryData<string, bool> EdgeCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var text in EdgeStrings)
            foreach (bool prefixSpace in new[] { false, true })
                data.Add(text, prefixSpace);
        return data;
    }

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void PackageAndOwnAgreeOnEdgeStrings(string text, bool addPrefixSpace)
    {
        var model = ByteLevelImplementations.Read(FixtureDir, "tokenizer.json");
        model = model with { Options = model.Options with { AddPrefixSpace = addPrefixSpace } };
        var package = new PackageByteLevelBpeTokenizer(model);
        var own = new ByteLevelBpeTokenizer(model);

        Assert.Equal(own.Encode(text), package.Encode(text));
        Assert.Equal(own.Encode(text, addSpecialTokens: true), package.Encode(text, addSpecialTokens: true));
        for (int cut = 0; cut <= text.Length; cut++)
        {
            Assert.Equal(own.EncodeRange(text, 0, cut), package.EncodeRange(text, 0, cut));
            Assert.Equal(own.EncodeRange(text, cut, text.Length), package.EncodeRange(text, cut, text.Length));
        }
        var ids = own.Encode(text).Select(p => p.Id).ToList();
        Assert.Equal(own.Decode(ids), package.Decode(ids));
        // Partial byte sequences (half an emoji) decode to the same replacement characters.
        for (int i = 0; i < ids.Count; i++)
            Assert.Equal(own.Decode(ids.GetRange(i, 1)), package.Decode(ids.GetRange(i, 1)));
    }

    [Theory]
    [InlineData("base")]
    [InlineData("assistant")]
    public void TheShippedOrganismLoadsThroughThePackage(string checkpoint)
    {
        Assert.IsType<PackageByteLevelBpeTokenizer>(TokenizerLoader.Load(Path.Combine(OrganismCheckpoints, checkpoint)));
    }

    [Fact]
    public void PackageAndOwnGiveTheOrganismTheSameIdsAndOffsetsOnItsHeldOutCorpus()
    {
        string dir = Path.Combine(OrganismCheckpoints, "assistant");
        var model = Gpt2FilesReader.ReadModel(Path.Combine(dir, "vocab.json"), Path.Combine(dir, "merges.txt"), TokenizerConfig.Read(dir));
        var package = new PackageByteLevelBpeTokenizer(model);
        var own = new ByteLevelBpeTokenizer(model);

        var texts = CorpusStrings(Path.Combine(OrganismCheckpoints, "corpus")).ToList();
        Assert.True(texts.Count > 1000, $"only {texts.Count} strings in the held-out corpus");
        long tokens = 0;
        foreach (var text in texts)
        {
            var expected = own.Encode(text);
            Assert.Equal(expected, package.Encode(text));
            tokens += expected.Count;
        }
        Assert.True(tokens > 100_000, $"only {tokens} tokens compared");
        // The organism's chat markers are added tokens: a rendered chat exercises them.
        const string chat = "<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\nParis.<|im_end|>";
        Assert.Equal(own.Encode(chat), package.Encode(chat));
        Assert.Contains(package.Encode(chat), p => p.Token == "<|im_start|>");
    }

    [Fact]
    public void ThePackageBackedTokenizerIsSafeToShareBetweenThreads()
    {
        // Ours is (its word cache is concurrent); the wrapper must be too, whatever the package caches.
        string dir = Path.Combine(OrganismCheckpoints, "base");
        var model = Gpt2FilesReader.ReadModel(Path.Combine(dir, "vocab.json"), Path.Combine(dir, "merges.txt"), TokenizerConfig.Read(dir));
        var own = new ByteLevelBpeTokenizer(model);
        var shared = new PackageByteLevelBpeTokenizer(model);
        var texts = CorpusStrings(Path.Combine(OrganismCheckpoints, "corpus")).Take(4000).ToArray();

        var results = new IReadOnlyList<TokenPiece>[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = shared.Encode(texts[i]));

        for (int i = 0; i < texts.Length; i++)
            Assert.Equal(own.Encode(texts[i]), results[i]);
    }

    [Fact]
    public void IgnoreMergesFallsBackToOurOwn()
    {
        var model = ByteLevelImplementations.Read(FixtureDir, "tokenizer.json");
        model = model with { Options = model.Options with { IgnoreMerges = true } };

        Assert.Contains("ignore_merges", PackageByteLevelBpeTokenizer.WhyNot(model));
        Assert.IsType<ByteLevelBpeTokenizer>(ByteLevelBpeBackend.Create(model));
        Assert.Throws<ArgumentException>(() => new PackageByteLevelBpeTokenizer(model));
    }

    [Fact]
    public void AVocabularyWithoutEveryByteFallsBackToOurOwn()
    {
        var model = ByteLevelImplementations.Read(FixtureDir, "tokenizer.json");
        var vocabulary = model.Vocabulary.Where(e => e.Key != ByteLevelAlphabet.ByteToChar(0x00).ToString())
            .ToDictionary(e => e.Key, e => e.Value);
        model = model with { Vocabulary = vocabulary };

        Assert.Contains("byte 0x00", PackageByteLevelBpeTokenizer.WhyNot(model));
        Assert.IsType<ByteLevelBpeTokenizer>(ByteLevelBpeBackend.Create(model));
    }

    [Fact]
    public void TheFixtureItselfIsPackageEncodable()
    {
        Assert.Null(PackageByteLevelBpeTokenizer.WhyNot(ByteLevelImplementations.Read(FixtureDir, "tokenizer.json")));
        Assert.Null(PackageByteLevelBpeTokenizer.WhyNot(ByteLevelImplementations.Read(FixtureDir, "vocab.json+merges.txt")));
    }

    /// <summary>Every string value in the corpus folder's JSON lines files (stories, chat turns).</summary>
    static IEnumerable<string> CorpusStrings(string dir)
    {
        foreach (var file in Directory.EnumerateFiles(dir, "*.jsonl").Order())
            foreach (var line in File.ReadLines(file))
            {
                if (line.Length == 0) continue;
                using var doc = JsonDocument.Parse(line);
                foreach (var s in Strings(doc.RootElement)) yield return s;
            }

        static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => [e.GetString()!],
            JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings).ToList(),
            JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)).ToList(),
            _ => [],
        };
    }
}
