using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Families;

/// <summary>down(act(gate(x)) · up(x)): SwiGLU (Llama, Mistral, Qwen2) or GeGLU (Gemma 2).</summary>
internal sealed record GatedMlpWeights(Tensor Gate, Tensor? GateBias, Tensor Up, Tensor? UpBias, Tensor Down, Tensor? DownBias)
{
    public static GatedMlpWeights Load(ModelWeights weights, string prefix, TransformerConfig c)
    {
        long d = c.DModel, m = c.DMlp;
        Tensor? Bias(string name, long size) => c.MlpBias ? weights.Get(prefix + name, size) : null;
        return new GatedMlpWeights(
            weights.Get(prefix + "gate_proj.weight", m, d), Bias("gate_proj.bias", m),
            weights.Get(prefix + "up_proj.weight", m, d), Bias("up_proj.bias", m),
            weights.Get(prefix + "down_proj.weight", d, m), Bias("down_proj.bias", d));
    }

    public Tensor Forward(Tensor x, ActivationFunction activation)
    {
        var gate = Activations.Apply(activation, nn.functional.linear(x, Gate, GateBias));
        return nn.functional.linear(gate * nn.functional.linear(x, Up, UpBias), Down, DownBias);
    }
}
