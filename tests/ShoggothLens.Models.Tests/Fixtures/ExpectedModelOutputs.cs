using ShoggothLens.Core.Safetensors;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Fixtures;

/// <summary>
/// A reference model's <c>expected.safetensors</c>: <c>input_ids</c> [2, 24], <c>hidden_states</c>
/// [L+1, 2, 24, d] (0 = embedding, i = resid_post of block i−1, last = final norm output) and
/// <c>logits</c> [2, 24, vocab], as Hugging Face transformers computed them.
/// </summary>
public sealed class ExpectedModelOutputs : IDisposable
{
    ExpectedModelOutputs(Tensor inputIds, Tensor hiddenStates, Tensor logits)
    {
        InputIds = inputIds;
        HiddenStates = hiddenStates;
        Logits = logits;
    }

    public Tensor InputIds { get; }
    public Tensor HiddenStates { get; }
    public Tensor Logits { get; }

    public static ExpectedModelOutputs Load(string arch)
    {
        using var file = SafetensorsFile.Open(System.IO.Path.Combine(ReferenceFixtures.Model(arch), "expected.safetensors"));
        Tensor Read(string name, bool integer)
        {
            var shape = file.Info(name).Shape.ToArray();
            return integer ? tensor(file.ReadInt64(name), shape) : tensor(file.ReadFloat32(name), shape);
        }
        return new ExpectedModelOutputs(Read("input_ids", true), Read("hidden_states", false), Read("logits", false));
    }

    public void Dispose()
    {
        InputIds.Dispose();
        HiddenStates.Dispose();
        Logits.Dispose();
    }
}
