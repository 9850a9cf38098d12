namespace ShoggothLens.Models.Transformers;

/// <summary>
/// Rotary position embedding: base <see cref="Theta"/>, the first <see cref="RotaryDim"/>
/// dimensions of each head rotate (rotate-half convention), optional Llama 3 frequency scaling.
/// </summary>
public sealed record RopeSettings(double Theta, int RotaryDim, Llama3RopeScaling? Llama3Scaling = null)
{
    /// <summary>Inverse frequencies, one per rotated pair (length <see cref="RotaryDim"/>/2), in double precision.</summary>
    public double[] InverseFrequencies()
    {
        int half = RotaryDim / 2;
        var inv = new double[half];
        for (int i = 0; i < half; i++)
            inv[i] = 1.0 / Math.Pow(Theta, 2.0 * i / RotaryDim);
        return Llama3Scaling is null ? inv : Llama3Scaling.Apply(inv);
    }
}

/// <summary>
/// Llama 3 <c>rope_scaling</c> (<c>rope_type: "llama3"</c>): long wavelengths are slowed by
/// <see cref="Factor"/>, short ones kept, and the band between is smoothly interpolated.
/// </summary>
public sealed record Llama3RopeScaling(double Factor, double LowFreqFactor, double HighFreqFactor, double OriginalMaxPositions)
{
    public double[] Apply(double[] inverseFrequencies)
    {
        double lowFreqWavelen = OriginalMaxPositions / LowFreqFactor;
        double highFreqWavelen = OriginalMaxPositions / HighFreqFactor;
        var result = new double[inverseFrequencies.Length];
        for (int i = 0; i < result.Length; i++)
        {
            double inv = inverseFrequencies[i];
            double wavelen = 2 * Math.PI / inv;
            double scaled = wavelen > lowFreqWavelen ? inv / Factor : inv;
            bool medium = !(wavelen < highFreqWavelen) && !(wavelen > lowFreqWavelen);
            if (medium)
            {
                double smooth = (OriginalMaxPositions / wavelen - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
                scaled = (1 - smooth) * scaled / Factor + smooth * scaled;
            }
            result[i] = scaled;
        }
        return result;
    }
}
