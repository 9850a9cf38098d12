using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>
/// A tokenizer folder as <see cref="TokenizerLoader.Load"/> reads it, then one sentence encoded: one target per file kind
/// (<c>tokenizer.json</c>; <c>vocab.json</c> + <c>merges.txt</c> with the organism's <c>tokenizer_config.json</c>; <c>tokenizer.model</c>).
/// </summary>
public sealed class TokenizerTarget(string name, string description, Func<SeedSources, IReadOnlyList<FuzzSeed>> seeds) : FuzzTarget
{
    const string Sample = "Hi! <|endoftext|> Writing from Harrowgate  here.\n\tTabs, 🤗 and naïve café.";

    public override string Name => name;
    public override string Description => description;
    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources) => seeds(sources);

    public override void Parse(string folder, FuzzSeed seed)
    {
        var tokenizer = TokenizerLoader.Load(folder);
        tokenizer.Encode(Sample, addSpecialTokens: true);
    }

    public static TokenizerTarget TokenizerJson() => new("tokenizer-json", "TokenizerLoader.Load (tokenizer.json) + encode", s =>
        [FromFolder("bytelevel-bpe", s.Reference("tokenizers", "bytelevel-bpe"), "tokenizer.json", f => f == "tokenizer.json")]);

    public static TokenizerTarget VocabMerges() => new("vocab-merges", "TokenizerLoader.Load (vocab.json + merges.txt + tokenizer_config.json) + encode", s =>
    {
        string organism = s.Repo("src", "ShoggothLens.Organism", "Checkpoints", "base");
        static bool Files(string f) => f is "vocab.json" or "merges.txt" or "tokenizer_config.json" or "special_tokens_map.json";
        return
        [
            FromFolder("bytelevel-bpe/vocab", s.Reference("tokenizers", "bytelevel-bpe"), "vocab.json", f => f is "vocab.json" or "merges.txt"),
            FromFolder("bytelevel-bpe/merges", s.Reference("tokenizers", "bytelevel-bpe"), "merges.txt", f => f is "vocab.json" or "merges.txt"),
            FromFolder("organism/vocab", organism, "vocab.json", Files),
            FromFolder("organism/merges", organism, "merges.txt", Files),
            FromFolder("organism/tokenizer_config", organism, "tokenizer_config.json", Files),
            FromFolder("organism/special_tokens_map", organism, "special_tokens_map.json", Files),
        ];
    });

    public static TokenizerTarget SentencePiece() => new("sentencepiece", "TokenizerLoader.Load (tokenizer.model protobuf) + encode", s =>
        [FromFolder("sentencepiece-bpe", s.Reference("tokenizers", "sentencepiece-bpe"), "tokenizer.model", f => f == "tokenizer.model")]);

    static FuzzSeed FromFolder(string name, string folder, string mutable, Func<string, bool> include) =>
        new(name, SeedSources.ReadFolder(folder, include), mutable);
}
