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
/// <item>the streaming pass: every token in order, in batches of <c>batchSize</c>, encoded and fed to a
/// <see cref="FeatureAccumulator"/> (statistics, scores, top examples, interval samples, co-activation) and to
/// <see cref="RoleMeans"/> (persona vectors); the state is checkpointed atomically every
/// <c>checkpointTokens</c> tokens (at a batch boundary, so a resumed pass forms the same batches) and a rerun
/// continues from the checkpoint; a cancelled pass writes a checkpoint where it stopped before it throws;</item>
/// <item>optionally the same pass over a compared store (scores only), checkpointed the same way;</item>
/// <item>the targeted context pass (<see cref="ContextWindows"/>): only the tokens around the chosen examples.</item>
/// </list>
/// </summary>
public sealed class StoreAnalysis
{
    const string Magic = "shoggoth-analyze-checkpoint/1";

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
        int stage = 0; long position = 0;
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
                stage = 0; position = 0;
            }
        }
        if (stage == 0)
        {
            Pass(_store, Main, Means, 0, position, progress, cancellationToken);
            position = 0;
        }
        if (_compare is not null) Pass(_compare, Compared!, null, 1, position, progress, cancellationToken);
        return note;
    }

    void Pass(ActivationStoreReader store, FeatureAccumulator accumulator, RoleMeans? means, int stage, long start, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        string name = stage == 0 ? AnalyzeStage : CompareStage;
        using var reader = new SequentialBatchReader(store, _hook);
        reader.Seek(start);
        var batch = new ActivationBatch(_batchSize, store.DModel);
        var codes = new float[(long)_batchSize * _features];
        long lastCheckpoint = start;
        progress.Tell(new WorkProgress(name, start, store.Tokens, "tokens"));
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Stop at a batch boundary, as a periodic checkpoint does, so the rerun forms the same batches.
                if (CheckpointPath is not null && reader.Position > lastCheckpoint)
                {
                    Save(CheckpointPath, stage, reader.Position);
                    progress.Tell(WorkProgress.CheckpointAt(name, reader.Position, store.Tokens, "tokens"));
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            long first = reader.Position;
            if (!reader.Next(batch)) break;
            int n = batch.Count;
            _encode(batch.Activations.AsSpan(0, n * store.DModel), n, codes);
            for (int i = 0; i < n; i++)
            {
                accumulator.AddDense(new TokenMeta(first + i, batch.RoleIds[i], batch.DocumentIndices[i], batch.Positions[i], batch.LabelBits[i]),
                    codes.AsSpan(i * _features, _features));
                means?.Add(batch.RoleIds[i], batch.Row(i));
            }
            long position = reader.Position;
            progress.Tell(new WorkProgress(name, position, store.Tokens, "tokens"));
            if (CheckpointPath is not null && position < store.Tokens && position - lastCheckpoint >= CheckpointTokens)
            {
                Save(CheckpointPath, stage, position);
                lastCheckpoint = position;
                progress.Tell(WorkProgress.CheckpointAt(name, position, store.Tokens, "tokens"));
            }
        }
        if (CheckpointPath is not null && stage == 0 && _compare is not null)
        {
            Save(CheckpointPath, 1, 0);   // the main pass is done: a kill during the compared pass keeps it
            progress.Tell(WorkProgress.CheckpointAt(name, store.Tokens, store.Tokens, "tokens"));
        }
    }

    /// <summary>
    /// Writes a checkpoint of the finished streaming pass(es), so a run stopped in a later stage (contexts, directions)
    /// resumes after them. Call only after <see cref="Accumulate"/> returned; does nothing without a checkpoint path.
    /// </summary>
    public void CheckpointFinishedPasses(IProgress<WorkProgress>? progress = null)
    {
        if (CheckpointPath is null) return;
        if (_compare is null) Save(CheckpointPath, 0, _store.Tokens);
        else Save(CheckpointPath, 1, _compare.Tokens);
        var (stage, tokens) = _compare is null ? (AnalyzeStage, _store.Tokens) : (CompareStage, _compare.Tokens);
        progress.Tell(WorkProgress.CheckpointAt(stage, tokens, tokens, "tokens"));
    }

    void Save(string path, int stage, long position) => CheckpointFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(CheckpointKey);
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
