namespace ShoggothLens.Core.ActivationStore;

/// <summary>How activations are stored on disk; readers always hand out float32.</summary>
public enum ActivationDType
{
    F32,
    /// <summary>IEEE half: 10 mantissa bits, range ±65504 (residual streams of large models can overflow it).</summary>
    F16,
    /// <summary>bfloat16: float32's range with 7 mantissa bits, rounded to nearest even.</summary>
    BF16,
}

public static class ActivationDTypes
{
    public static int Size(this ActivationDType dtype) => dtype == ActivationDType.F32 ? 4 : 2;

    /// <summary>"f32", "f16" or "bf16", as the CLI and the manifest write it.</summary>
    public static string Name(this ActivationDType dtype) => dtype switch
    {
        ActivationDType.F32 => "f32",
        ActivationDType.F16 => "f16",
        ActivationDType.BF16 => "bf16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static ActivationDType Parse(string name) => name.ToLowerInvariant() switch
    {
        "f32" or "float32" => ActivationDType.F32,
        "f16" or "float16" => ActivationDType.F16,
        "bf16" or "bfloat16" => ActivationDType.BF16,
        _ => throw new FormatException($"unknown activation dtype '{name}' (expected f32, f16 or bf16)"),
    };
}
