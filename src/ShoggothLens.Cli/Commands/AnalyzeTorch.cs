using System.Runtime.InteropServices;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Sae.Architectures;
using static TorchSharp.torch;

namespace ShoggothLens.Cli.Commands;

/// <summary>The TorchSharp pieces of <c>shoggoth analyze</c>: the SAE's Encode, BLAS products, the final norm's scale.</summary>
static class AnalyzeTorch
{
    /// <summary>The SAE's Encode as a <see cref="SaeEncoder"/> (inputs copied into one reused buffer).</summary>
    public static SaeEncoder Encoder(SparseAutoencoder sae)
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

    /// <summary>rows · Mᵀ by TorchSharp's matmul, M [columns, inner] held as a tensor (not copied).</summary>
    public sealed class RowProducts(Tensor matrix) : IRowProducts
    {
        public int Columns { get; } = (int)matrix.shape[0];
        public int Inner { get; } = (int)matrix.shape[1];

        public void Multiply(ReadOnlySpan<float> rows, int count, Span<float> result)
        {
            using var scope = NewDisposeScope();
            var a = tensor(rows[..(count * Inner)].ToArray(), [count, Inner]);
            var product = matmul(a, matrix.t()).contiguous();
            MemoryMarshal.Cast<byte, float>(product.bytes).CopyTo(result);
        }
    }

    /// <summary>
    /// γ of the model's final norm, read through <see cref="ICausalLm.ApplyFinalNorm"/>: for a zero-mean input u
    /// with mean square s² (u = ±1000 alternating, centred), LayerNorm and RMSNorm both give
    /// N(u) − N(−u) = 2·u·γ / √(s² + ε), so γ_i = (N(u) − N(−u))_i · √(s² + ε) / (2 u_i) — the bias cancels and
    /// ε (≤ 1e-5 against s² ≈ 10⁶) is negligible. Gemma's (1 + w) scale comes out as it is applied.
    /// </summary>
    public static float[] FinalNormScale(ICausalLm model)
    {
        int d = model.Config.DModel;
        var u = new double[d];
        for (int i = 0; i < d; i++) u[i] = i % 2 == 0 ? 1000 : -1000;
        double mean = u.Average();
        for (int i = 0; i < d; i++) u[i] -= mean;
        double meanSquare = u.Sum(v => v * v) / d;
        var plus = u.Select(v => (float)v).ToArray();
        var minus = u.Select(v => (float)-v).ToArray();
        using var scope = NewDisposeScope();
        var outPlus = model.ApplyFinalNorm(tensor(plus, [1, d])).contiguous();
        var outMinus = model.ApplyFinalNorm(tensor(minus, [1, d])).contiguous();
        var p = MemoryMarshal.Cast<byte, float>(outPlus.bytes).ToArray();
        var m = MemoryMarshal.Cast<byte, float>(outMinus.bytes).ToArray();
        var gamma = new float[d];
        for (int i = 0; i < d; i++) gamma[i] = (float)((p[i] - (double)m[i]) * Math.Sqrt(meanSquare + model.Config.NormEps) / (2 * u[i]));
        return gamma;
    }
}
