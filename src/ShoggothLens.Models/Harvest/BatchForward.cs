using System.Runtime.InteropServices;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Runs a batch of windows through the model and copies out the recorded hook activations.
/// Windows are right-padded to the batch's longest: under causal attention a token never sees a
/// later position, so padding changes nothing before it, and padded positions are never stored.
/// The pass stops after the last hook's layer (<see cref="HookSet.StopAfterLastHook"/>).
/// </summary>
public sealed class BatchForward : IDisposable
{
    readonly ICausalLm _model;
    readonly HookSet _hooks;
    readonly float[][] _outputs;

    public BatchForward(ICausalLm model, IReadOnlyList<string> hooks, int maxBatch, int context)
    {
        _model = model;
        Hooks = hooks;
        _hooks = new HookSet().Record(hooks).StopAfterLastHook();
        DModel = model.Config.DModel;
        _outputs = hooks.Select(_ => new float[checked(maxBatch * context * DModel)]).ToArray();
    }

    public IReadOnlyList<string> Hooks { get; }
    public int DModel { get; }

    /// <summary>Transformer blocks the last pass ran (it stops after the last hook's block).</summary>
    public int BlocksRun => _hooks.BlocksRun;

    /// <summary>
    /// Activations of each hook as [batch, <paramref name="sequenceLength"/>, d_model] float32, row-major, in
    /// arrays reused by the next call.
    /// </summary>
    public IReadOnlyList<float[]> Run(HarvestBatch batch, out int sequenceLength)
    {
        int b = batch.Windows.Count, seq = batch.SequenceLength;
        // Padding positions keep id 0: any valid id would do, they are never stored.
        var ids = new long[b * seq];
        for (int i = 0; i < b; i++)
        {
            var w = batch.Windows[i];
            var source = w.Ids;
            for (int t = 0; t < source.Length; t++) ids[i * seq + t] = source[t];
        }

        using var scope = NewDisposeScope();
        using var input = tensor(ids, [b, seq], ScalarType.Int64);
        _model.Forward(input, _hooks)?.Dispose();
        for (int h = 0; h < Hooks.Count; h++)
        {
            using var recorded = _hooks.Take(Hooks[h]);
            var values = recorded.to_type(ScalarType.Float32).cpu().contiguous();
            // One block copy of the contiguous float32 data (TensorAccessor copies element by element).
            MemoryMarshal.Cast<byte, float>(values.bytes).CopyTo(_outputs[h]);
        }
        sequenceLength = seq;
        return _outputs;
    }

    public void Dispose() => _hooks.Dispose();
}
