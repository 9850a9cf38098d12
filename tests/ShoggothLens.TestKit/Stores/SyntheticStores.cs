using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.TestKit.Stores;

/// <summary>
/// Complete activation stores at one hook, written through the store's own writer: each document a run of tokens
/// with ids, positions (Assistant role, no labels) and activations [tokens, d_model]; one document per record.
/// </summary>
public static class SyntheticStores
{
    /// <summary>Writes a complete store of <paramref name="documents"/> (token ids, activations [tokens, d_model]) at one hook.</summary>
    public static void Write(string directory, string hook, int dModel, int context, IReadOnlyList<(long[] Ids, float[] Activations)> documents)
    {
        var settings = new StoreSettings("test-model", "test-fingerprint", [hook], dModel, ActivationDType.F32, ChunkTokens: 1024,
            new HarvestParameters([new CorpusFileSummary("corpus.jsonl", 1, documents.Count, "0011223344556677")], "test-tokenizer", "plain",
                Context: context, BatchSize: 1, RecordsPerBlock: 1, MaxTokens: null),
            ShardRange.Whole(documents.Count));
        var writer = ActivationStoreWriter.Create(directory, settings);
        for (int d = 0; d < documents.Count; d++)
        {
            var (ids, activations) = documents[d];
            int n = ids.Length;
            writer.BeginBatch(new HarvestCursor(d, 0, 0), 0);
            writer.Append(new TokenRun
            {
                TokenIds = ids.Select(i => (int)i).ToArray(),
                RoleIndices = new ushort[n],
                Roles = [Role.Assistant],
                DocumentIndices = Enumerable.Repeat((long)d, n).ToArray(),
                Documents = [new StoreDocument(d, $"doc-{d}", 0, d + 1)],
                Positions = Enumerable.Range(0, n).ToArray(),
                LabelBits = new uint[n],
                LabelNames = [],
            }, new FloatActivationRows([activations], dModel));
        }
        writer.Complete(HarvestCursor.At(documents.Count), 0);
    }

    /// <summary>A store of sparse combinations of random directions (like the Sae tests' synthetic features).</summary>
    public static void WriteSparse(string directory, string hook, int dModel, int documents, int tokensPerDocument, ulong seed)
    {
        var rng = new Random((int)seed);
        var directions = Enumerable.Range(0, 2 * dModel).Select(_ =>
        {
            var v = Enumerable.Range(0, dModel).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double norm = Math.Sqrt(v.Sum(x => x * x));
            return v.Select(x => (float)(x / norm)).ToArray();
        }).ToArray();
        var docs = new List<(long[], float[])>();
        for (int d = 0; d < documents; d++)
        {
            var rows = new float[tokensPerDocument * dModel];
            for (int t = 0; t < tokensPerDocument; t++)
                foreach (var direction in directions)
                    if (rng.NextDouble() < 3.0 / directions.Length)
                    {
                        float magnitude = (float)(0.5 + rng.NextDouble());
                        for (int i = 0; i < dModel; i++) rows[t * dModel + i] += magnitude * direction[i];
                    }
            docs.Add((Enumerable.Range(0, tokensPerDocument).Select(t => (long)(t % 100)).ToArray(), rows));
        }
        Write(directory, hook, dModel, context: tokensPerDocument, docs);
    }

}
