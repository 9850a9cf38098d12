using System.Runtime.InteropServices;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Sae.Architectures;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Analysis.Torch;

/// <summary>An SAE's Encode through TorchSharp, as the <see cref="SaeEncoder"/> the store passes call.</summary>
static class TorchSaeEncoder
{
    /// <summary>Inputs are copied into one reused buffer; a short last batch is a narrowed view of it.</summary>
    public static SaeEncoder For(SparseAutoencoder sae)
    {
        int dIn = sae.Config.DIn;
        float[] buffer = [];
        return (inputs, count, codes) =>
        {
            if (buffer.Length < inputs.Length) buffer = new float[inputs.Length];
            inputs.CopyTo(buffer);
            using var scope = NewDisposeScope();
            var x = tensor(buffer, [count, dIn]);
            if (buffer.Length != inputs.Length) x = x.narrow(0, 0, count);
            var encoded = sae.Encode(x).contiguous();
            MemoryMarshal.Cast<byte, float>(encoded.bytes).CopyTo(codes);
        };
    }
}
