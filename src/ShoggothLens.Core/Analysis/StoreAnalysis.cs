using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Analysis;

/// <summary>The SAE's encoder: inputs x [count, d_in] (row-major) → dense codes [count, features].</summary>
public delegate void SaeEncoder(ReadOnlySpan<float> inputs, int count, Span<float> codes);

/// <summary>Where a pass stands, for progress displays.</summary>
public readonly record struct AnalysisProgress(string Stage, long Done, long Total);

/// <summary>
/// The passes of <c>shoggoth analyze</c> over an activation store, independent of how the SAE is run:
/// <list type="number">
/// <item>the streaming pass: every token in order, in batches of <c>batchSize</c>, encoded and fed to a
/// <see cref="FeatureAccumulator"/> (statistics, scores, top examples, interval samples, co-activation) and to
/// <see cref="RoleMeans"/> (persona vectors); the state is checkpointed atomically every
/// <c>checkpointTokens</c> tokens (at a batch boundary, so a resumed pass forms the same batches) and a rerun
/// continues from the checkpoint;</item>
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
    /// <summary>Called after each checkpoint is written (tests and progress).</summary>
    public Action<long>? CheckpointWritten { get; init; }

    /// <summary>Where the resumed pass started: (stage, token), or null for a fresh start.</summary>
    public (int Stage, long Position)? ResumedFrom { get; private set; }

    /// <summary>Runs the streaming pass(es), resuming from the checkpoint when it matches <see cref="CheckpointKey"/>.</summary>
    /// <returns>A note when a checkpoint was found but belongs to other inputs (it is ignored), else null.</returns>
    public string? Accumulate(IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        int stage = 0; long position = 0;
        string? note = null;
        if (CheckpointPath is not null && File.Exists(CheckpointPath))
        {
            if (TryLoad(CheckpointPath, out stage, out position)) ResumedFrom = (stage, position);
            else { note = $"{CheckpointPath} belongs to other inputs or settings; starting over"; stage = 0; position = 0; }
        }
        if (stage == 0)
        {
            Pass(_store, Main, Means, 0, position, progress, cancellationToken);
            position = 0;
        }
        if (_compare is not null) Pass(_compare, Compared!, null, 1, position, progress, cancellationToken);
        return note;
    }

    void Pass(ActivationStoreReader store, FeatureAccumulator accumulator, RoleMeans? means, int stage, long start, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        string name = stage == 0 ? "analyze" : "compare";
        using var reader = new SequentialBatchReader(store, _hook);
        reader.Seek(start);
        var batch = new ActivationBatch(_batchSize, store.DModel);
        var codes = new float[(long)_batchSize * _features];
        long lastCheckpoint = start;
        progress?.Report(new AnalysisProgress(name, start, store.Tokens));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
            progress?.Report(new AnalysisProgress(name, position, store.Tokens));
            if (CheckpointPath is not null && position < store.Tokens && position - lastCheckpoint >= CheckpointTokens)
            {
                Save(CheckpointPath, stage, position);
                lastCheckpoint = position;
                CheckpointWritten?.Invoke(position);
            }
        }
        if (CheckpointPath is not null && stage == 0 && _compare is not null)
        {
            Save(CheckpointPath, 1, 0);   // the main pass is done: a kill during the compared pass keeps it
            CheckpointWritten?.Invoke(store.Tokens);
        }
    }

    void Save(string path, int stage, long position) => AtomicFile.Write(path, stream =>
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
    public void ContextWindows(ContextWindowBuilder windows, IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
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
            progress?.Report(new AnalysisProgress("contexts", done, total));
        }

        progress?.Report(new AnalysisProgress("contexts", 0, total));
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
