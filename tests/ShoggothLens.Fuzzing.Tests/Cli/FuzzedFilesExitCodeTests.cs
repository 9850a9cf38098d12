using ShoggothLens.Cli;
using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Fuzz.Targets;

namespace ShoggothLens.Fuzzing.Tests.Cli;

/// <summary>
/// Fuzzed files given to `shoggoth` commands (in process, as the real command runs): every one ends in 0 or 2 (bad
/// input, the file named), never 70 (an internal error). The inputs are the fuzzer's own, seeded.
/// </summary>
public sealed class FuzzedFilesExitCodeTests
{
    const int Inputs = 25;

    public static TheoryData<string, string> Commands() => new()
    {
        { "sae-saelens", "sae info {0}" },
        { "sae-gemmascope", "sae info {0}" },
        { "store-manifest", "store info {0} --verify" },
        { "chunk-header", "store info {0} --verify" },
        { "vocab-merges", "tokenize --tokenizer {0} --text hello" },
        { "tokenizer-json", "tokenize --tokenizer {0} --text hello" },
        { "config-json", "model info --model {0}" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Fuzzed_files_exit_with_2_not_70(string parser, string command)
    {
        using var session = new FuzzSession();
        var target = FuzzTargets.Get(parser);
        var seeds = target.Seeds(session.Sources);
        var codes = new List<int>();
        for (int i = 0; i < Inputs; i++)
        {
            var rng = new Random(FuzzRunner.InputSeed(21, parser, i));
            var seed = seeds[rng.Next(seeds.Count)];
            var bytes = Mutator.Mutate(seed.MutableBytes, seed.MutableBytes, rng, []);
            string folder = FuzzRunner.Place(target, seed, bytes, session.Work($"input-{i}"));
            if (parser == "chunk-header") folder = StoreWith(session, folder, i);
            if (parser == "sae-gemmascope") folder = Path.Combine(folder, "params.npz");
            var error = new StringWriter();
            int code = ShoggothCli.Run(string.Format(command, folder).Split(' '), new StringWriter(), error);
            Assert.True(code is 0 or 2, $"{parser} input {i}: exit {code}: {error}");
            codes.Add(code);
        }
        Assert.Contains(2, codes);
    }

    /// <summary>The chunk target writes a lone chunk.bin: put it in place of chunk 0 of the store it came from.</summary>
    static string StoreWith(FuzzSession session, string chunkFolder, int i)
    {
        var (_, files) = StoreSeeds.Write(new SeedSources(session.Sources.RepoRoot, session.Work($"store-seed-{i}")))[0];
        string store = session.Work($"store-{i}");
        foreach (var (relative, bytes) in files)
        {
            string path = Path.Combine(store, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        File.Copy(Path.Combine(chunkFolder, "chunk.bin"), Path.Combine(store, "chunks", "chunk-000000.bin"), overwrite: true);
        return store;
    }
}
