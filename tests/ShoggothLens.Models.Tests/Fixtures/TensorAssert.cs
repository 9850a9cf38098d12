using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Fixtures;

public static class TensorAssert
{
    /// <summary>max |actual − expected|, after checking the shapes agree.</summary>
    public static double MaxAbsError(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var diff = (actual - expected).abs();
        using var max = diff.max();
        return max.item<float>();
    }

    public static void Close(Tensor expected, Tensor actual, double tolerance, string what)
    {
        double error = MaxAbsError(actual, expected);
        Assert.True(error <= tolerance, $"{what}: max abs error {error:G3} exceeds {tolerance:G3}");
    }
}
