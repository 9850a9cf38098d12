using ShoggothLens.Core.Files;
using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;

namespace ShoggothLens.Core.Analysis;

/// <summary>The SAE's encoder: inputs x [count, d_in] (row-major) → dense codes [count, features].</summary>
public delegate void SaeEncoder(ReadOnlySpan<float> inputs, int count, Span<float> codes);

/// <summary>
/// The passes of <c>shoggoth analyze</c> over an activation store, independent of how the SAE is run:
/// <list type="number">
/// <item>the streaming pass: every token in order, in batches of <c>batchSize</c> that never cross a chunk (so a shard,
/// which starts at a chunk, forms exactly the batches the unsharded pass forms and its SAE codes are the same bits),
/// encoded and fed to a
/// <see cref="FeatureAccumulator"/> (statistics, scores, top examples, interval samples, co-activation) and to
/// <see cref="RoleMeans"/> (persona vectors); the state is checkpointed atomically every
/// <c>checkpointTokens</c> tokens (at a batch boundary, so a resumed pass forms the same batches) and a rerun
/// continues from the checkpoint; a cancelled pass writes a checkpoint where it stopped before it throws;</item>
/// <item>optionally the same pass over a compared store (scores only), checkpointed the same way;</item>
/// <item>the targeted context pass (<see cref="ContextWindows"/>): only the tokens around the chosen examples.</item>
/// </list>
/// With <see cref="Shard"/> i/N the streaming passes read only the shard's chunks (<see cref="ShardTokens"/>) and
/// <see cref="WriteShardState"/> saves the result; <see cref="AppendShard"/> adds the shards' states in order, after which
/// the accumulators hold what the unsharded pass holds (<see cref="FeatureAccumulator.Append"/>).
/// </summary>
public sealed class StoreAnalysis
{
    // Version 2: batches within chunks, exact sums, the shard in the header.
    const string Magic = "shoggoth-analyze-checkpoint/2";

    readonly ActivationStoreReader _store;
    readonly ActivationStoreReader? _compare;
    readonly string _hook;
    readonly int _features, _batchSize;
    readonly SaeEncoder _encode;

    public StoreAnalysis(ActivationStoreReader store, ActivationStoreReader? compare, string hook, int features, SaeEncoder encode, int batchSize, FeatureAnalysisOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _store = store;
        _compare = compare;
        _hook = hook;
        _features = features;
        _batchSize = batchSize;
        _encode = encode;
        Main = new FeatureAccumulator(features, store.Roles, store.Labels, options);
        Means = new RoleMeans(store.Roles, store.DModel);
        Compared = compare is null ? null : new FeatureAccumulator(features, compare.Roles, compare.Labels, options, withSamples: false);
    }

    public FeatureAccumulator Main { get; }
    public RoleMeans Means { get; }
    public FeatureAccumulator? Compared { get; }

    /// <summary>Checkpoint file (null: none) and the key naming the inputs it belongs to.</summary>
    public string? CheckpointPath { get; init; }
    public string CheckpointKey { get; init; } = "";
    /// <summary>Tokens between checkpoints (rounded up to whole batches).</summary>
    public long CheckpointTokens { get; init; } = long.MaxValue;

    /// <summary>The shard of the stores this instance passes over: shard i of N takes chunks ⌊C·i/N⌋ … ⌊C·(i+1)/N⌋ − 1
    /// of a store of C chunks (0/1: all of them).</summary>
    public (int Index, int Count) Shard
    {
        get => _shard;
        init
        {
            if (value.Count < 1 || value.Index < 0 || value.Index >= value.Count)
                throw new ArgumentOutOfRangeException(nameof(Shard), $"a shard is i/N with 0 ≤ i < N; got {value.Index}/{value.Count}");
            _shard = value;
        }
    }
    readonly (int Index, int Count) _shard = (0, 1);

    /// <summary>The tokens [Start, End) of <paramref name="store"/> that shard <paramref name="index"/> of <paramref name="count"/> reads:
    /// whole chunks, so shard boundaries are chunk boundaries (empty when the store has fewer chunks than shards).</summary>
    public static (long Start, long End) ShardTokens(ActivationStoreReader store, int index, int count)
    {
        long chunks = store.ChunkCount;
        int first = (int)(chunks * index / count), end = (int)(chunks * (index + 1) / count);
        return (store.ChunkStarts[first], store.ChunkStarts[end]);   // ChunkStarts[ChunkCount] is the token count
    }

    (long Start, long End) Range(ActivationStoreReader store) => ShardTokens(store, _shard.Index, _shard.Count);

    /// <summary>Stage names of the progress reports: the streaming pass, the compared store's pass, the context pass.</summary>
    public const string AnalyzeStage = "analyze", CompareStage = "compare", ContextStage = "contexts";

    /// <summary>Where the resumed pass started: (stage, token), or null for a fresh start.</summary>
    public (int Stage, long Position)? ResumedFrom { get; private set; }

    /// <summary>
    /// Runs the streaming pass(es), resuming from the checkpoint when it matches <see cref="CheckpointKey"/>.
    /// Progress is in tokens of each store; every checkpoint written is a <see cref="WorkEventKind.Checkpoint"/> report,
    /// and a resume or an ignored checkpoint a <see cref="WorkEventKind.Note"/>. When cancelled, the pass writes a
    /// checkpoint at the batch it reached (if it checkpoints at all), then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <returns>A note when a checkpoint was found but belongs to other inputs (it is ignored), else null.</returns>
    public string? Accumulate(IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int stage = 0; long position = Range(_store).Start;
        string? note = null;
        if (CheckpointPath is not null && File.Exists(CheckpointPath))
        {
            bool intact = CheckpointFile.Verify(CheckpointPath);
            if (intact && TryLoad(CheckpointPath, out stage, out position))
            {
                ResumedFrom = (stage, position);
                progress.Tell(WorkProgress.Message(stage == 0 ? AnalyzeStage : CompareStage,
                    $"resumed from the checkpoint at token {position:N0} of the {(stage == 0 ? "analysed" : "compared")} store"));
            }
            else
            {
                note = intact ? $"{CheckpointPath} belongs to other inputs or settings; starting over"
                    : $"{CheckpointPath} is damaged (its checksum does not match) or from an older version; starting over";
                progress.Tell(WorkProgress.Message(AnalyzeStage, note));
                stage = 0; position = Range(_store).Start;
            }
        }
        if (stage == 0)
        {
            Pass(_store, Main, Means, 0, position, progress, cancellationToken);
            if (_compare is not null) position = Range(_compare).Start;
        }
        if (_compare is not null) Pass(_compare, Compared!, null, 1, position, progress, cancellationToken);
        return note;
    }

    void Pass(ActivationStoreReader store, FeatureAccumulator accumulator, RoleMeans? means, int stage, long start, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        string name = stage == 0 ? AnalyzeStage : CompareStage;
        var (rangeStart, rangeEnd) = Range(store);
        long total = rangeEnd - rangeStart;
        using var reader = new SequentialBatchReader(store, _hook);
        reader.Seek(start);
        var batch = new ActivationBatch(_batchSize, store.DModel);
        var codes = new float[(long)_batchSize * _features];
        long lastCheckpoint = start;
        progress.Tell(new WorkProgress(name, start - rangeStart, total, "tokens"));
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stop at a batch boundary, as a periodic checkpoint does, so the rerun forms the same batches.
                if (CheckpointPath is not null && reader.Position > lastCheckpoint)
                {
                    Save(CheckpointPath, stage, reader.Position);
                    progress.Tell(WorkProgress.CheckpointAt(name, reader.Position - rangeStart, total, "tokens"));
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            long first = reader.Position;
            if (first >= rangeEnd || !reader.Next(batch, ChunkEnd(store, first, rangeEnd))) break;
            int n = batch.Count;
            _encode(batch.Activations.AsSpan(0, n * store.DModel), n, codes);
            for (int i = 0; i < n; i++)
            {
                accumulator.AddDense(new TokenMeta(first + i, batch.RoleIds[i], batch.DocumentIndices[i], batch.Positions[i], batch.LabelBits[i]),
                    codes.AsSpan(i * _features, _features));
                means?.Add(batch.RoleIds[i], batch.Row(i));
            }
            long position = reader.Position;
            progress.Tell(new WorkProgress(name, position - rangeStart, total, "tokens"));
            if (CheckpointPath is not null && position < rangeEnd && position - lastCheckpoint >= CheckpointTokens)
            {
                Save(CheckpointPath, stage, position);
                lastCheckpoint = position;
                progress.Tell(WorkProgress.CheckpointAt(name, position - rangeStart, total, "tokens"));
            }
        }
        if (CheckpointPath is not null && stage == 0 && _compare is not null)
        {
            Save(CheckpointPath, 1, Range(_compare).Start);   // the main pass is done: a kill during the compared pass keeps it
            progress.Tell(WorkProgress.CheckpointAt(name, total, total, "tokens"));
        }
    }

    /// <summary>The end of the chunk holding <paramref name="token"/>, or <paramref name="limit"/> when that comes first.</summary>
    static long ChunkEnd(ActivationStoreReader store, long token, long limit) =>
        // ChunkStarts ends with the store's token count, so the last chunk's end is there too.
        Math.Min(store.ChunkStarts[Math.Min(store.ChunkOf(token) + 1, store.ChunkCount)], limit);

    /// <summary>
    /// Writes a checkpoint of the finished streaming pass(es), so a run stopped in a later stage (contexts, directions)
    /// resumes after them. Call only after <see cref="Accumulate"/> returned; does nothing without a checkpoint path.
    /// </summary>
    public void CheckpointFinishedPasses(IProgress<WorkProgress>? progress = null)
    {
        if (CheckpointPath is null) return;
        SaveFinished(CheckpointPath);
        var (stage, range) = _compare is null ? (AnalyzeStage, Range(_store)) : (CompareStage, Range(_compare));
        long tokens = range.End - range.Start;
        progress.Tell(WorkProgress.CheckpointAt(stage, tokens, tokens, "tokens"));
    }

    void SaveFinished(string path)
    {
        if (_compare is null) Save(path, 0, Range(_store).End);
        else Save(path, 1, Range(_compare).End);
    }

    /// <summary>
    /// Writes the state of this shard's finished streaming passes (the checkpoint format: checksummed, atomic) for
    /// <see cref="AppendShard"/>. Call only after <see cref="Accumulate"/> returned.
    /// </summary>
    public void WriteShardState(string path) => SaveFinished(path);

    /// <summary>The shard a state file holds and the key of the inputs it was computed from (its header).</summary>
    /// <exception cref="InvalidInputFileException">The file is damaged (checksum), truncated or not a shard state.</exception>
    public static (string Key, int Index, int Count) ReadShardHeader(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "no analysis shard state here (run analyze --shard i/N into this folder first)");
        if (!CheckpointFile.Verify(path)) throw new InvalidInputFileException(path, "damaged analysis shard state (its checksum does not match); run its shard again");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic) throw new InvalidInputFileException(path, "not an analysis shard state of this version");
            string key = reader.ReadString();
            return (key, reader.ReadInt32(), reader.ReadInt32());
        }
        catch (EndOfStreamException) { throw new InvalidInputFileException(path, "truncated analysis shard state"); }
    }

    /// <summary>
    /// Adds the finished state of one shard (written by <see cref="WriteShardState"/> with this <see cref="CheckpointKey"/>).
    /// Append shards 0 … N−1 in order to an instance that has passed over nothing (<see cref="Shard"/> 0/1, no
    /// <see cref="Accumulate"/>): the result is the unsharded passes' state.
    /// </summary>
    /// <exception cref="InvalidInputFileException">The state is damaged, of other inputs, of another shard, or unfinished.</exception>
    public void AppendShard(string path, int index, int count)
    {
        var shard = new StoreAnalysis(_store, _compare, _hook, _features, _encode, _batchSize, Main.Options)
        {
            CheckpointKey = CheckpointKey,
            Shard = (index, count),
        };
        if (!CheckpointFile.Verify(path)) throw new InvalidInputFileException(path, "damaged analysis shard state (its checksum does not match); run its shard again");
        if (!shard.TryLoad(path, out int stage, out long position))
            throw new InvalidInputFileException(path, $"the shard state belongs to other inputs or settings (store, SAE, hook, batch or analysis options), or is not shard {index}/{count}");
        bool finished = _compare is null ? stage == 0 && position == shard.Range(_store).End : stage == 1 && position == shard.Range(_compare).End;
        if (!finished) throw new InvalidInputFileException(path, $"shard {index}/{count} is not finished (at token {position:N0}); run it again");
        Main.Append(shard.Main);
        Means.Append(shard.Means);
        Compared?.Append(shard.Compared!);
    }

    void Save(string path, int stage, long position) => CheckpointFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(CheckpointKey);
        writer.Write(_shard.Index);
        writer.Write(_shard.Count);
        writer.Write(stage);
        writer.Write(position);
        Main.Save(writer);
        Means.Save(writer);
        writer.Write(Compared is not null);
        if (stage == 1) Compared?.Save(writer);
    });

    bool TryLoad(string path, out int stage, out long position)
    {
        stage = 0; position = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic || reader.ReadString() != CheckpointKey) return false;
            if (reader.ReadInt32() != _shard.Index || reader.ReadInt32() != _shard.Count) return false;
        }
        catch (EndOfStreamException) { return false; }
        try
        {
            stage = reader.ReadInt32();
            position = reader.ReadInt64();
            Main.Load(reader);
            Means.Load(reader);
            if (reader.ReadBoolean() != (Compared is not null)) throw new InvalidDataException("compare-store setting differs");
            if (stage == 1) Compared?.Load(reader);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new InvalidInputFileException(path, $"damaged analysis checkpoint ({e.Message}); delete it to start over");
        }
    }

    /// <summary>
    /// The targeted context pass: reads only the tokens around each requested example (merged ranges,
    /// in store order), encodes them in batches of the pass's batch size and fills <paramref name="windows"/>.
    /// </summary>
    public void ContextWindows(ContextWindowBuilder windows, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var reader = new SequentialBatchReader(_store, _hook);
        int dModel = _store.DModel;
        var read = new ActivationBatch(Math.Min(_batchSize, 256), dModel);
        var inputs = new float[(long)_batchSize * dModel];
        var codes = new float[(long)_batchSize * _features];
        var meta = new (long Token, int TokenId, int Role, long Document, int Position)[_batchSize];
        int pending = 0;
        long done = 0, total = windows.RangeTokens;

        void Flush()
        {
            if (pending == 0) return;
            _encode(inputs.AsSpan(0, pending * dModel), pending, codes);
            for (int i = 0; i < pending; i++)
            {
                var m = meta[i];
                windows.Add(m.Token, m.TokenId, m.Role, m.Document, m.Position, codes.AsSpan(i * _features, _features));
            }
            done += pending;
            pending = 0;
            progress.Tell(new WorkProgress(ContextStage, done, total, "tokens"));
        }

        progress.Tell(new WorkProgress(ContextStage, 0, total, "tokens"));
        foreach (var (start, end) in windows.Ranges)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.Seek(start);
            long token = start;
            while (token < end)
            {
                if (!reader.Next(read)) throw new InvalidOperationException($"the store ended before token {end}");
                for (int i = 0; i < read.Count && token < end; i++, token++)
                {
                    read.Row(i).CopyTo(inputs.AsSpan(pending * dModel, dModel));
                    meta[pending++] = (token, read.TokenIds[i], read.RoleIds[i], read.DocumentIndices[i], read.Positions[i]);
                    if (pending == _batchSize) Flush();
                }
            }
        }
        Flush();
    }
}
