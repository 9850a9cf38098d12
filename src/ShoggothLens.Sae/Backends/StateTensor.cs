namespace ShoggothLens.Sae.Backends;

/// <summary>One named float32 array of a training state, row-major.</summary>
public sealed record StateTensor(long[] Shape, float[] Data)
{
    public static StateTensor Vector(float[] data) => new([data.Length], data);
    public static StateTensor Matrix(int rows, int cols, float[] data) => new([rows, cols], data);
}
