using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

internal static class Activations
{
    public static Tensor Apply(ActivationFunction activation, Tensor x) => activation switch
    {
        ActivationFunction.Gelu => nn.functional.gelu(x),
        ActivationFunction.GeluTanh => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        ActivationFunction.Silu => nn.functional.silu(x),
        ActivationFunction.Relu => nn.functional.relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };
}
