using ShoggothLens.Models.Hooks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers;

/// <summary>
/// A decoder-only language model on TorchSharp (float32, CPU) with TransformerLens-style hook
/// points. Implemented by <see cref="CausalLm"/>; obtained from <see cref="ModelLoader"/>.
/// </summary>
public interface ICausalLm : IDisposable
{
    TransformerConfig Config { get; }

    /// <summary>Distinct parameters (a tied embedding counts once).</summary>
    long ParameterCount { get; }

    /// <summary>Every hook point of this model, in forward order.</summary>
    IReadOnlyList<string> HookPointNames { get; }

    /// <summary>
    /// Runs int64 <paramref name="inputIds"/> [batch, seq] and returns logits [batch, seq, vocab]
    /// (the caller disposes them), or null when <paramref name="hooks"/> stopped the pass early.
    /// <paramref name="attentionMask"/> [batch, seq] (1 = token, 0 = padding) supports left padding.
    /// </summary>
    Tensor? Forward(Tensor inputIds, HookSet? hooks = null, Tensor? attentionMask = null);

    /// <summary>The final norm applied to residual-stream vectors [..., d_model] (logit lens).</summary>
    Tensor ApplyFinalNorm(Tensor resid);

    /// <summary>Logits of normalized vectors [..., d_model] → [..., vocab], with any final soft-cap.</summary>
    Tensor Unembed(Tensor normalized);

    /// <summary>The unembedding matrix [vocab, d_model] (owned by the model; do not dispose).</summary>
    Tensor UnembeddingMatrix { get; }

    /// <summary>The token embedding matrix [vocab, d_model] (owned by the model; do not dispose).</summary>
    Tensor EmbeddingMatrix { get; }

    /// <summary>
    /// Continues <paramref name="promptIds"/> by up to <paramref name="maxNewTokens"/> tokens (greedy at
    /// temperature 0), stopping after a stop token (default: the config's EOS ids). Returns the new tokens.
    /// <paramref name="hooks"/>' replacements apply in every step's pass, to that step's new positions only (the
    /// prompt in the first pass, then one token per pass; earlier positions come from the KV cache, already
    /// replaced), so a position-wise replacement acts as it would on the whole sequence. It may not stop early.
    /// </summary>
    IReadOnlyList<long> Generate(IReadOnlyList<long> promptIds, int maxNewTokens, double temperature = 0, int seed = 0,
        IReadOnlyCollection<long>? stopTokenIds = null, CancellationToken cancellationToken = default, HookSet? hooks = null);

    /// <summary>
    /// <see cref="Generate"/> for many prompts at once: left-padded into one batch with an attention mask, a KV cache, and
    /// finished rows dropped from the batch as they stop. Row i samples with its own <c>new Random(seeds[i])</c>, so it
    /// gives what <see cref="Generate"/> gives for that prompt and seed, up to the float rounding of a batched product.
    /// Returns each prompt's new tokens, in order.
    /// </summary>
    IReadOnlyList<IReadOnlyList<long>> GenerateBatch(IReadOnlyList<IReadOnlyList<long>> prompts, int maxNewTokens, double temperature,
        IReadOnlyList<int> seeds, IReadOnlyCollection<long>? stopTokenIds = null, CancellationToken cancellationToken = default, HookSet? hooks = null);

    /// <summary>Parameters under their checkpoint names, for training and saving.</summary>
    IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters { get; }

    /// <summary>When true, parameters require grad and forward passes record the autograd graph.</summary>
    bool RequiresGrad { get; set; }
}
