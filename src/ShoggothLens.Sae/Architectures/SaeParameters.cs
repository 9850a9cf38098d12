namespace ShoggothLens.Sae.Architectures;

/// <summary>
/// An SAE's weights as row-major float32 arrays in SAELens orientation: W_enc [d_in, d_sae],
/// b_enc [d_sae], W_dec [d_sae, d_in], b_dec [d_in], threshold [d_sae] (JumpReLU only).
/// </summary>
public sealed class SaeParameters
{
    public SaeParameters(int dIn, int dSae, float[] wEnc, float[] bEnc, float[] wDec, float[] bDec, float[]? threshold = null)
    {
        if ((long)dIn * dSae != wEnc.LongLength) throw new ArgumentException($"W_enc holds {wEnc.LongLength} values, not d_in·d_sae = {(long)dIn * dSae}");
        if ((long)dIn * dSae != wDec.LongLength) throw new ArgumentException($"W_dec holds {wDec.LongLength} values, not d_sae·d_in = {(long)dIn * dSae}");
        if (bEnc.Length != dSae) throw new ArgumentException($"b_enc holds {bEnc.Length} values, not d_sae = {dSae}");
        if (bDec.Length != dIn) throw new ArgumentException($"b_dec holds {bDec.Length} values, not d_in = {dIn}");
        if (threshold is not null && threshold.Length != dSae) throw new ArgumentException($"threshold holds {threshold.Length} values, not d_sae = {dSae}");
        DIn = dIn;
        DSae = dSae;
        WEnc = wEnc;
        BEnc = bEnc;
        WDec = wDec;
        BDec = bDec;
        Threshold = threshold;
    }

    public int DIn { get; }
    public int DSae { get; }
    public float[] WEnc { get; }
    public float[] BEnc { get; }
    public float[] WDec { get; }
    public float[] BDec { get; }
    public float[]? Threshold { get; }

    /// <summary>Row-major transpose of a [rows, cols] matrix (sparsify stores the encoder as W_encᵀ).</summary>
    public static float[] Transpose(ReadOnlySpan<float> matrix, int rows, int cols)
    {
        var result = new float[matrix.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                result[(long)c * rows + r] = matrix[r * cols + c];
        return result;
    }

    /// <summary>
    /// Folds an input scaling factor s (the SAE was trained on s·x) into the weights, so the result
    /// takes raw x and reconstructs raw x with the same feature activations: W_enc·s, W_dec/s, b_dec/s.
    /// </summary>
    public SaeParameters FoldInputScale(float scale)
    {
        if (!(scale > 0) || !float.IsFinite(scale)) throw new ArgumentException($"scaling factor must be positive and finite, got {scale}");
        return new SaeParameters(DIn, DSae,
            WEnc.Select(w => w * scale).ToArray(), (float[])BEnc.Clone(),
            WDec.Select(w => w / scale).ToArray(), BDec.Select(b => b / scale).ToArray(),
            (float[]?)Threshold?.Clone());
    }
}
