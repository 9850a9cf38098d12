using ShoggothLens.Core.Randomness;

namespace ShoggothLens.Workbench.Diagnostics;

/// <summary>
/// Synthetic activations with a known sparse structure: each token is Σ c·D_m over a few of
/// <c>4·d_in</c> random unit directions D plus a little noise, so an SAE can explain most of
/// its variance and FVE means something (on Gaussian noise it would be near 0 for every backend).
/// </summary>
internal sealed class SparseDictionaryData
{
    readonly float[] _directions;
    readonly int _dIn, _count;

    public SparseDictionaryData(int dIn, ulong seed)
    {
        _dIn = dIn;
        _count = 4 * dIn;
        _directions = new float[_count * dIn];
        var rng = new SplitMix64(seed);
        for (int m = 0; m < _count; m++)
        {
            double norm = 0;
            for (int i = 0; i < dIn; i++)
            {
                float v = (float)rng.NextGaussian();
                _directions[m * dIn + i] = v;
                norm += v * (double)v;
            }
            float scale = (float)(1 / Math.Sqrt(norm));
            for (int i = 0; i < dIn; i++) _directions[m * dIn + i] *= scale;
        }
    }

    public float[] Batch(int rows, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var x = new float[(long)rows * _dIn];
        for (int b = 0; b < rows; b++)
        {
            var row = x.AsSpan(b * _dIn, _dIn);
            for (int i = 0; i < _dIn; i++) row[i] = (float)(0.05 * rng.NextGaussian());
            for (int a = 0; a < 16; a++)
            {
                int m = (int)(rng.NextUInt64() % (ulong)_count);
                float c = (float)(1 + Math.Abs(rng.NextGaussian()));
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_directions.AsSpan(m * _dIn, _dIn), c, row, row);
            }
        }
        return x;
    }
}
