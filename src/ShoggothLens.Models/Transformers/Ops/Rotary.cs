using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

/// <summary>
/// Cosines and sines of the rotary angles for one pass, shaped [batch, 1, seq, rotaryDim] to
/// broadcast over heads, and their application to the first rotaryDim dimensions of q or k
/// (Hugging Face's rotate_half convention: pairs are (i, i + rotaryDim/2)).
/// </summary>
internal sealed class Rotary
{
    readonly int _rotaryDim;

    Rotary(Tensor cos, Tensor sin, int rotaryDim)
    {
        Cos = cos;
        Sin = sin;
        _rotaryDim = rotaryDim;
    }

    public Tensor Cos { get; }
    public Tensor Sin { get; }

    /// <summary>Angles for int64 <paramref name="positions"/> [batch, seq].</summary>
    public static Rotary For(RopeSettings rope, Tensor positions)
    {
        var inv = rope.InverseFrequencies().Select(v => (float)v).ToArray();
        var invFreq = tensor(inv, ScalarType.Float32);
        var freqs = positions.to_type(ScalarType.Float32).unsqueeze(-1) * invFreq; // [B, T, rot/2]
        var emb = cat([freqs, freqs], -1).unsqueeze(1);                              // [B, 1, T, rot]
        return new Rotary(emb.cos(), emb.sin(), rope.RotaryDim);
    }

    /// <summary>Rotates <paramref name="x"/> [batch, heads, seq, headDim].</summary>
    public Tensor Apply(Tensor x)
    {
        long headDim = x.shape[^1];
        if (_rotaryDim == headDim) return (x * Cos).Plus(RotateHalf(x) * Sin);
        var rot = x.narrow(-1, 0, _rotaryDim);
        var pass = x.narrow(-1, _rotaryDim, headDim - _rotaryDim);
        return cat([(rot * Cos).Plus(RotateHalf(rot) * Sin), pass], -1);
    }

    static Tensor RotateHalf(Tensor x)
    {
        long half = x.shape[^1] / 2;
        return cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], -1);
    }
}
