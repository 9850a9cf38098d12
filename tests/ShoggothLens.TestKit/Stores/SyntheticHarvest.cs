using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.TestKit.Stores;

/// <summary>
/// A stand-in for the model harvest: record r is a document of a known length whose tokens have
/// known roles, labels and activations, so every stored value can be checked. Each document is
/// one "batch", so the cursor logic of the writer is exercised as the real harvest uses it.
/// </summary>
public sealed class SyntheticHarvest
{
    public static readonly Role[] RoleCycle = [Role.Template, Role.User, Role.Assistant, Role.Persona("spy"), Role.Narration];
    public static readonly string[] LabelNames = ["motive", "trigger"];

    public SyntheticHarvest(long records = 40, int dModel = 6, int chunkTokens = 50, ActivationDType dtype = ActivationDType.F32,
        string[]? hooks = null, int recordsPerBlock = 4)
    {
        Records = records;
        DModel = dModel;
        ChunkTokens = chunkTokens;
        DType = dtype;
        Hooks = hooks ?? ["blocks.0.hook_resid_post", "blocks.1.hook_resid_post"];
        RecordsPerBlock = recordsPerBlock;
    }

    public long Records { get; }
    public int DModel { get; }
    public int ChunkTokens { get; }
    public ActivationDType DType { get; }
    public string[] Hooks { get; }
    public int RecordsPerBlock { get; }

    public static int Length(long record) => 1 + (int)(record * 7 % 13);
    public static Role RoleAt(long record, int position) => RoleCycle[(record + position) % RoleCycle.Length];
    public static uint LabelsAt(long record, int position) => (uint)((position % 5 == 0 ? 1 : 0) | (record % 3 == 0 && position == 1 ? 2 : 0));
    public static float Value(long record, int position, int hook, int k) => record + position / 64f + hook * 0.5f + k / 1024f;

    /// <summary>Record 7 is "bad" and has no tokens, as a skipped corpus line.</summary>
    public static bool IsBad(long record) => record == 7;

    public long TotalTokens => Enumerable.Range(0, (int)Records).Where(r => !IsBad(r)).Sum(r => (long)Length(r));

    public StoreSettings Settings(ShardRange? shard = null) => new(
        "synthetic-model", "fingerprint-1", Hooks, DModel, DType, ChunkTokens,
        new HarvestParameters([new CorpusFileSummary("corpus.jsonl", 1234, Records, "00112233aabbccdd")], "toy-tokenizer", "plain",
            Context: 16, BatchSize: 1, RecordsPerBlock, MaxTokens: null),
        shard ?? ShardRange.Whole(Records));

    /// <summary>Harvests from the writer's cursor to the end of its shard; stops after <paramref name="stopAfterTokens"/> appended tokens (a "kill").</summary>
    public void Run(ActivationStoreWriter writer, long stopAfterTokens = long.MaxValue)
    {
        var shard = writer.Settings.Shard;
        var cursor = writer.Manifest.Cursor;
        long skipped = writer.Manifest.SkippedRecords;
        long appended = 0;
        for (long r = cursor.Record; r < shard.EndRecord; r++)
        {
            if (IsBad(r))
            {
                skipped++;
                continue;
            }
            int skip = r == cursor.Record ? (int)cursor.SkipTokens : 0;
            writer.BeginBatch(new HarvestCursor(r, 0, skip), skipped);
            int n = Length(r) - skip;
            if (appended + n > stopAfterTokens) n = (int)(stopAfterTokens - appended);
            if (n > 0) Append(writer, r, skip, n);
            appended += n;
            if (appended >= stopAfterTokens) return;
        }
        writer.Complete(HarvestCursor.At(shard.EndRecord), skipped);
    }

    void Append(ActivationStoreWriter writer, long record, int first, int count)
    {
        var roles = RoleCycle;
        var ids = new int[count];
        var roleIndices = new ushort[count];
        var docs = new long[count];
        var positions = new int[count];
        var labels = new uint[count];
        var hooks = Hooks.Select(_ => new float[count * DModel]).ToArray();
        for (int i = 0; i < count; i++)
        {
            int p = first + i;
            ids[i] = (int)(record * 100 + p);
            roleIndices[i] = (ushort)Array.IndexOf(roles, RoleAt(record, p));
            docs[i] = record;
            positions[i] = p;
            labels[i] = LabelsAt(record, p);
            for (int h = 0; h < Hooks.Length; h++)
                for (int k = 0; k < DModel; k++) hooks[h][i * DModel + k] = Value(record, p, h, k);
        }
        var run = new TokenRun
        {
            TokenIds = ids,
            RoleIndices = roleIndices,
            Roles = roles,
            DocumentIndices = docs,
            Documents = [new StoreDocument(record, $"doc-{record}", 0, record + 1)],
            Positions = positions,
            LabelBits = labels,
            LabelNames = LabelNames,
        };
        writer.Append(run, new FloatActivationRows(hooks, DModel));
    }

    /// <summary>Writes a complete store of the whole corpus (or one shard) into <paramref name="directory"/>.</summary>
    public ActivationStoreWriter Write(string directory, ShardRange? shard = null)
    {
        var writer = ActivationStoreWriter.Create(directory, Settings(shard));
        Run(writer);
        return writer;
    }
}
