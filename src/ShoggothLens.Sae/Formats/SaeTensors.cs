using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;

namespace ShoggothLens.Sae.Formats;

/// <summary>Reads SAE weight tensors and checks each one's shape before use.</summary>
internal static class SaeTensors
{
    public static float[] Read(SafetensorsFile file, string name, params long[] shape)
    {
        var info = file.Info(name);
        if (!info.Shape.SequenceEqual(shape))
            throw new InvalidInputFileException(file.Path, $"tensor '{name}' has shape [{string.Join(", ", info.Shape)}], expected [{string.Join(", ", shape)}]");
        var values = file.ReadFloat32(name);
        CheckFinite(file.Path, name, values);
        return values;
    }

    public static void CheckFinite(string path, string name, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i]))
                throw new InvalidInputFileException(path, $"tensor '{name}' holds a non-finite value ({values[i]}) at element {i}");
    }

    /// <summary>d_in and d_sae from a 2-D tensor's shape, in the orientation given.</summary>
    public static (int Rows, int Cols) Shape2(string path, string name, IReadOnlyList<long> shape)
    {
        if (shape.Count != 2 || shape[0] < 1 || shape[1] < 1 || shape[0] > int.MaxValue || shape[1] > int.MaxValue)
            throw new InvalidInputFileException(path, $"tensor '{name}' must be a non-empty matrix, has shape [{string.Join(", ", shape)}]");
        return ((int)shape[0], (int)shape[1]);
    }
}
