using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Evaluation;

/// <summary>Mean next-token cross-entropy of a model as it is, with a hook's activation replaced, and with it zeroed.</summary>
public sealed record SpliceLosses(double Clean, double Spliced, double ZeroAblation, long Tokens);

/// <summary>
/// Measures what splicing a replacement (an SAE's reconstruction) in at one hook point costs the
/// model: next-token cross-entropy over sequences, clean, spliced and zero-ablated. The
/// replacement is a plain function of the activation, so this class needs nothing of the SAE.
/// </summary>
public static class SpliceCrossEntropy
{
    public static SpliceLosses Evaluate(ICausalLm model, string hook, Func<Tensor, Tensor> replacement, IEnumerable<long[]> sequences, CancellationToken cancel = default)
    {
        double clean = 0, spliced = 0, zero = 0;
        long tokens = 0;
        foreach (var ids in sequences)
        {
            cancel.ThrowIfCancellationRequested();
            if (ids.Length < 2) continue;
            using var scope = NewDisposeScope();
            var input = tensor(ids, [1, ids.Length], ScalarType.Int64);
            var targets = input.narrow(1, 1, ids.Length - 1).flatten();
            double Loss(HookSet? hooks)
            {
                using var logits = model.Forward(input, hooks)!;
                var predicted = logits.select(0, 0).narrow(0, 0, ids.Length - 1);
                return nn.functional.cross_entropy(predicted, targets, reduction: nn.Reduction.Sum).item<float>();
            }
            using (var noGrad = no_grad())
            {
                clean += Loss(null);
                using (var splice = new HookSet().Replace(hook, replacement)) spliced += Loss(splice);
                using (var ablate = new HookSet().Replace(hook, x => zeros_like(x))) zero += Loss(ablate);
            }
            tokens += ids.Length - 1;
        }
        if (tokens == 0) throw new ArgumentException("no sequence of two or more tokens to measure cross-entropy on");
        return new SpliceLosses(clean / tokens, spliced / tokens, zero / tokens, tokens);
    }
}
