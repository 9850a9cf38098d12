namespace ShoggothLens.Models.Transformers;

/// <summary>MLP nonlinearities, named as Hugging Face configs spell them.</summary>
public enum ActivationFunction
{
    /// <summary><c>gelu</c>: exact, erf-based.</summary>
    Gelu,
    /// <summary><c>gelu_new</c>, <c>gelu_pytorch_tanh</c>: the tanh approximation.</summary>
    GeluTanh,
    /// <summary><c>silu</c> / <c>swish</c>.</summary>
    Silu,
    /// <summary><c>relu</c>.</summary>
    Relu,
}

public static class ActivationFunctions
{
    public static IReadOnlyList<string> SupportedNames { get; } = ["gelu", "gelu_new", "gelu_pytorch_tanh", "silu", "swish", "relu"];

    public static bool TryParse(string name, out ActivationFunction activation)
    {
        (bool ok, activation) = name switch
        {
            "gelu" => (true, ActivationFunction.Gelu),
            "gelu_new" or "gelu_pytorch_tanh" => (true, ActivationFunction.GeluTanh),
            "silu" or "swish" => (true, ActivationFunction.Silu),
            "relu" => (true, ActivationFunction.Relu),
            _ => (false, ActivationFunction.Gelu),
        };
        return ok;
    }
}
