using ShoggothLens.Core.Corpus;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// How a store's tokens were made, recorded so that a resumed run or a shard merge can check it
/// is continuing the same harvest: the corpus (by content), tokenizer, chat template, context
/// window, batch size and block size (both fix which tokens share a forward pass).
/// <see cref="MaxTokens"/> is the last run's limit and may change between runs.
/// </summary>
public sealed record HarvestParameters(
    IReadOnlyList<CorpusFileSummary> Corpus,
    string Tokenizer,
    string ChatTemplate,
    int Context,
    int BatchSize,
    int RecordsPerBlock,
    long? MaxTokens)
{
    public long TotalRecords => Corpus.Sum(c => c.Records);
}
