namespace ShoggothLens.Core.ActivationStore;

/// <summary>Names the first setting in which two harvests differ, for an error message a user can act on.</summary>
internal static class SettingsDifference
{
    public static string Describe(StoreSettings stored, StoreSettings given)
    {
        var h1 = stored.Harvest;
        var h2 = given.Harvest;
        (string Name, object A, object B)[] fields =
        [
            ("model", stored.ModelId, given.ModelId),
            ("model fingerprint", stored.ModelFingerprint, given.ModelFingerprint),
            ("hooks", string.Join(",", stored.Hooks), string.Join(",", given.Hooks)),
            ("d_model", stored.DModel, given.DModel),
            ("dtype", stored.DType.Name(), given.DType.Name()),
            ("chunk tokens", stored.ChunkTokens, given.ChunkTokens),
            ("tokenizer", h1.Tokenizer, h2.Tokenizer),
            ("chat template", h1.ChatTemplate, h2.ChatTemplate),
            ("context", h1.Context, h2.Context),
            ("batch", h1.BatchSize, h2.BatchSize),
            ("records per block", h1.RecordsPerBlock, h2.RecordsPerBlock),
            ("corpus files", string.Join(",", h1.Corpus.Select(c => c.Name)), string.Join(",", h2.Corpus.Select(c => c.Name))),
            ("corpus content", string.Join(",", h1.Corpus.Select(c => c.XxHash3)), string.Join(",", h2.Corpus.Select(c => c.XxHash3))),
            ("shard", stored.Shard.ToString(), given.Shard.ToString()),
        ];
        foreach (var (name, a, b) in fields)
            if (!Equals(a, b)) return $"{name}: stored {a}, given {b}";
        return "settings differ";
    }
}
