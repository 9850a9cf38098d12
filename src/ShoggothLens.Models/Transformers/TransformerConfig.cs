namespace ShoggothLens.Models.Transformers;

/// <summary>
/// A model's architecture, normalized from its family's config.json spelling
/// (see <see cref="Config.TransformerConfigParser"/>). Everything the forward pass needs.
/// </summary>
public sealed record TransformerConfig
{
    public required ModelFamily Family { get; init; }
    public string ModelType => Family.ModelType();

    public required int VocabSize { get; init; }
    /// <summary>Width of the residual stream.</summary>
    public required int DModel { get; init; }
    public required int NLayers { get; init; }
    public required int NHeads { get; init; }
    /// <summary>Key/value heads (grouped-query attention); equals <see cref="NHeads"/> without GQA.</summary>
    public required int NKvHeads { get; init; }
    public required int HeadDim { get; init; }
    /// <summary>Width of the MLP hidden layer.</summary>
    public required int DMlp { get; init; }
    /// <summary>Context length the model was trained for (a hard limit only for learned positions).</summary>
    public required int MaxPositions { get; init; }
    public required double NormEps { get; init; }
    public required ActivationFunction Activation { get; init; }

    /// <summary>Rotary embedding; null for learned positions (GPT-2).</summary>
    public RopeSettings? Rope { get; init; }

    /// <summary>Biases on the query/key/value projections.</summary>
    public bool QkvBias { get; init; }
    /// <summary>Bias on the attention output projection.</summary>
    public bool OutputBias { get; init; }
    public bool MlpBias { get; init; }

    /// <summary>Attention window in tokens (a query sees itself and the previous window−1 keys) on sliding layers.</summary>
    public int? SlidingWindow { get; init; }
    /// <summary>Per layer: does it use <see cref="SlidingWindow"/>? Empty means no layer does.</summary>
    public IReadOnlyList<bool> SlidingLayers { get; init; } = [];

    /// <summary>The unembedding is the token embedding.</summary>
    public required bool TiedEmbeddings { get; init; }
    /// <summary>Multiplier of QKᵀ before the mask and softmax.</summary>
    public required double AttentionScale { get; init; }
    /// <summary>GPT-2's <c>scale_attn_by_inverse_layer_idx</c>: divide scores by (layer+1) as well.</summary>
    public bool ScaleAttentionByInverseLayer { get; init; }
    /// <summary>Gemma 2: scores become cap·tanh(scores/cap) before the mask.</summary>
    public double? AttentionLogitSoftcap { get; init; }
    /// <summary>Gemma 2: logits become cap·tanh(logits/cap).</summary>
    public double? FinalLogitSoftcap { get; init; }
    /// <summary>GPT-NeoX: x + attn(ln1 x) + mlp(ln2 x); there is no resid_mid.</summary>
    public bool ParallelResidual { get; init; }
    /// <summary>Gemma: the embedding is multiplied by sqrt(d_model).</summary>
    public bool ScaleEmbeddings { get; init; }

    public long? BosTokenId { get; init; }
    public IReadOnlyList<long> EosTokenIds { get; init; } = [];

    /// <summary>Is <c>blocks.{L}.hook_resid_mid</c> defined? (Not for a parallel residual.)</summary>
    public bool HasResidMid => !ParallelResidual;

    /// <summary>The attention window of a layer, or null for full causal attention.</summary>
    public int? WindowOf(int layer) =>
        SlidingWindow is { } w && layer < SlidingLayers.Count && SlidingLayers[layer] ? w : null;
}
