using ShoggothLens.Core.Randomness;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Backends;

namespace ShoggothLens.Sae.Training;

/// <summary>
/// A fresh training state: decoder rows in random directions with norm <c>decoderNorm</c> (1 for
/// TopK/BatchTopK, SAELens' 0.1 otherwise), W_enc = W_decᵀ (each latent starts reading the
/// direction it writes), b_enc = 0, b_dec as given (geometric median or mean of a sample), and
/// JumpReLU thresholds at <c>initialThreshold</c> (trained as log_threshold).
/// </summary>
public static class SaeInitializer
{
    public static SaeTrainingState Create(SaeTrainingSetup setup, SplitMix64 rng, float[] bDec, float? decoderNorm = null, float initialThreshold = 0.001f)
    {
        int dIn = setup.DIn, dSae = setup.DSae;
        if (bDec.Length != dIn) throw new ArgumentException($"b_dec holds {bDec.Length} values, not d_in = {dIn}");
        float norm = decoderNorm ?? (setup.Architecture.HasUnitNormDecoder() ? 1f : 0.1f);
        var wDec = new float[(long)dSae * dIn];
        for (int j = 0; j < dSae; j++)
        {
            var row = wDec.AsSpan(j * dIn, dIn);
            double sq = 0;
            for (int i = 0; i < dIn; i++)
            {
                row[i] = (float)rng.NextGaussian();
                sq += (double)row[i] * row[i];
            }
            float scale = (float)(norm / Math.Sqrt(sq));
            for (int i = 0; i < dIn; i++) row[i] *= scale;
        }
        var state = new SaeTrainingState();
        state.Tensors[SaeTrainingState.WEnc] = StateTensor.Matrix(dIn, dSae, SaeParameters.Transpose(wDec, dSae, dIn));
        state.Tensors[SaeTrainingState.BEnc] = StateTensor.Vector(new float[dSae]);
        state.Tensors[SaeTrainingState.WDec] = StateTensor.Matrix(dSae, dIn, wDec);
        state.Tensors[SaeTrainingState.BDec] = StateTensor.Vector((float[])bDec.Clone());
        if (setup.Architecture == SaeArchitecture.JumpReLU)
            state.Tensors[SaeTrainingState.LogThreshold] = StateTensor.Vector(Enumerable.Repeat(MathF.Log(initialThreshold), dSae).ToArray());
        return state;
    }
}
