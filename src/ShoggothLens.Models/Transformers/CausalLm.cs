using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Transformers.Generation;
using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Transformers.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers;

/// <summary>
/// The forward pass shared by every family: embed, run each block in its own dispose scope with
/// hook points around it, final norm, unembed. A family supplies the embedding, the block, the
/// final norm and the unembedding as functions of its weight tensors.
/// </summary>
public abstract class CausalLm : ICausalLm
{
    bool _requiresGrad;

    private protected CausalLm(TransformerConfig config, ModelWeights weights)
    {
        Config = config;
        Weights = weights;
        HookPointNames = HookPoint.All(config.NLayers, config.HasResidMid).Select(p => p.Name).ToArray();
    }

    public TransformerConfig Config { get; }
    public ModelWeights Weights { get; }
    public long ParameterCount => Weights.ParameterCount;
    public IReadOnlyList<string> HookPointNames { get; }
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters => Weights.NamedParameters;
    public IEnumerable<Parameter> Parameters() => Weights.NamedParameters.Select(p => p.Parameter);

    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            Weights.SetRequiresGrad(value);
            _requiresGrad = value;
        }
    }

    public abstract Tensor UnembeddingMatrix { get; }
    public abstract Tensor EmbeddingMatrix { get; }

    /// <summary>Token (and, for GPT-2, position) embedding: the residual stream entering block 0.</summary>
    private protected abstract Tensor Embed(Tensor ids, ForwardContext context);

    /// <summary>Block <paramref name="layer"/>; applies the block's inner hook points and returns resid_post.</summary>
    private protected abstract Tensor Block(int layer, Tensor resid, ForwardContext context, HookRun hooks);

    private protected abstract Tensor FinalNorm(Tensor resid);

    public Tensor? Forward(Tensor inputIds, HookSet? hooks = null, Tensor? attentionMask = null) =>
        Run(inputIds, HookRun.Start(hooks, Config), attentionMask, cache: null, lastPositionOnly: false);

    /// <summary>The model's hook point of this name, or an <see cref="ArgumentException"/> listing the valid ones.</summary>
    public HookPoint ResolveHookPoint(string name) => HookRun.Resolve(name, Config);

    public Tensor ApplyFinalNorm(Tensor resid)
    {
        using var grad = RequiresGrad ? null : torch.no_grad();
        CheckWidth(resid);
        using var scope = torch.NewDisposeScope();
        return FinalNorm(resid).MoveToOuterDisposeScope();
    }

    public Tensor Unembed(Tensor normalized)
    {
        using var grad = RequiresGrad ? null : torch.no_grad();
        CheckWidth(normalized);
        using var scope = torch.NewDisposeScope();
        return UnembedCore(normalized).MoveToOuterDisposeScope();
    }

    Tensor UnembedCore(Tensor normalized) =>
        SoftCap.Apply(nn.functional.linear(normalized, UnembeddingMatrix), Config.FinalLogitSoftcap);

    void CheckWidth(Tensor x)
    {
        if (x.dim() == 0 || x.shape[^1] != Config.DModel)
            throw new ArgumentException($"expected vectors of width {Config.DModel}, got shape [{string.Join(", ", x.shape)}]");
    }

    private protected Tensor? Run(Tensor inputIds, HookRun hooks, Tensor? attentionMask, KvCache? cache, bool lastPositionOnly)
    {
        CheckInput(inputIds, attentionMask, cache);
        using var grad = RequiresGrad ? null : torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var ids = inputIds.dtype == ScalarType.Int64 ? inputIds.alias() : inputIds.to_type(ScalarType.Int64);
        CheckTokenRange(ids);
        var context = ForwardContext.Create(Config, ids, attentionMask, cache);

        var resid = Embed(ids, context);
        for (int layer = 0; layer < Config.NLayers; layer++)
        {
            resid = hooks.Apply(HookPoint.ResidPre(layer), resid);
            if (hooks.Stopped) return StopEarly(hooks);
            Tensor next;
            using (var blockScope = torch.NewDisposeScope())
            {
                next = Block(layer, resid, context, hooks);
                if (!hooks.Stopped) next = hooks.Apply(HookPoint.ResidPost(layer), next);
                hooks.BlockRan();
                if (hooks.Stopped) return StopEarly(hooks);
                next.MoveToOuterDisposeScope();
            }
            // The old residual is no longer needed (autograd keeps its own reference if it must).
            resid.Dispose();
            resid = next;
        }
        cache?.Advance(context.Seq);

        var normalized = hooks.Apply(HookPoint.FinalNormalized, FinalNorm(resid));
        if (hooks.Stopped) return StopEarly(hooks);
        if (lastPositionOnly) normalized = normalized.narrow(1, normalized.shape[1] - 1, 1);
        var logits = UnembedCore(normalized);
        hooks.Unembedded();
        return logits.MoveToOuterDisposeScope();
    }

    static Tensor? StopEarly(HookRun hooks)
    {
        hooks.FinishedEarly();
        return null;
    }

    void CheckInput(Tensor ids, Tensor? attentionMask, KvCache? cache)
    {
        if (ids.dim() != 2 || ids.shape[1] == 0 || ids.shape[0] == 0)
            throw new ArgumentException($"input ids must be [batch, seq] with batch, seq ≥ 1; got shape [{string.Join(", ", ids.shape)}]", nameof(ids));
        if (ids.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            throw new ArgumentException($"input ids must be int64 or int32, got {ids.dtype}", nameof(ids));
        if (attentionMask is null) return;
        long keys = (cache?.Length ?? 0) + ids.shape[1];
        if (attentionMask.dim() != 2 || attentionMask.shape[0] != ids.shape[0] || attentionMask.shape[1] != keys)
            throw new ArgumentException(
                $"attention mask shape [{string.Join(", ", attentionMask.shape)}] must be [{ids.shape[0]}, {keys}] (the batch, by the cached and new tokens)", nameof(attentionMask));
    }

    void CheckTokenRange(Tensor ids)
    {
        long min = ids.min().item<long>(), max = ids.max().item<long>();
        if (min < 0 || max >= Config.VocabSize)
            throw new ArgumentOutOfRangeException(nameof(ids), $"token id {(min < 0 ? min : max)} is outside this model's vocabulary 0..{Config.VocabSize - 1}");
    }

    public IReadOnlyList<long> Generate(IReadOnlyList<long> promptIds, int maxNewTokens, double temperature = 0, int seed = 0,
        IReadOnlyCollection<long>? stopTokenIds = null, CancellationToken cancellationToken = default, HookSet? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        if (hooks is { StopEarly: true }) throw new ArgumentException("a hook set that stops the pass early cannot generate", nameof(hooks));
        if (promptIds.Count == 0) throw new ArgumentException("the prompt is empty", nameof(promptIds));
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be finite and ≥ 0");
        if (Config.Rope is null && promptIds.Count > Config.MaxPositions)
            throw new ArgumentException(
                $"{promptIds.Count} prompt tokens exceed this {Config.ModelType} model's {Config.MaxPositions} learned positions", nameof(promptIds));
        var stops = new HashSet<long>(stopTokenIds ?? Config.EosTokenIds);
        var random = new Random(seed);
        var generated = new List<long>();

        using var noGrad = torch.no_grad();
        using var cache = new KvCache(Config.NLayers, capacity: promptIds.Count + maxNewTokens);
        var next = promptIds.ToArray();
        while (generated.Count < maxNewTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Learned positions end at MaxPositions: generation stops there.
            if (Config.Rope is null && cache.Length + next.Length > Config.MaxPositions) break;
            using var input = torch.tensor(next, [1, next.Length], ScalarType.Int64);
            // Replacements see only this step's new positions (the KV cache holds the earlier ones, already replaced).
            using var logits = Run(input, HookRun.Start(hooks, Config), null, cache, lastPositionOnly: true)!;
            var last = logits.data<float>().ToArray();
            long token = TokenSampler.Sample(last, temperature, random);
            generated.Add(token);
            if (stops.Contains(token)) break;
            next = [token];
        }
        return generated;
    }

    public IReadOnlyList<IReadOnlyList<long>> GenerateBatch(IReadOnlyList<IReadOnlyList<long>> prompts, int maxNewTokens, double temperature,
        IReadOnlyList<int> seeds, IReadOnlyCollection<long>? stopTokenIds = null, CancellationToken cancellationToken = default, HookSet? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count != prompts.Count) throw new ArgumentException($"{seeds.Count} seeds for {prompts.Count} prompts", nameof(seeds));
        if (hooks is { StopEarly: true }) throw new ArgumentException("a hook set that stops the pass early cannot generate", nameof(hooks));
        ArgumentOutOfRangeException.ThrowIfNegative(maxNewTokens);
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be finite and ≥ 0");
        var generated = prompts.Select(_ => new List<long>()).ToArray();
        if (prompts.Count == 0 || maxNewTokens == 0) return generated;
        int longest = 0;
        for (int i = 0; i < prompts.Count; i++)
        {
            if (prompts[i] is null || prompts[i].Count == 0) throw new ArgumentException($"prompt {i} is empty", nameof(prompts));
            longest = Math.Max(longest, prompts[i].Count);
        }
        if (Config.Rope is null && longest > Config.MaxPositions)
            throw new ArgumentException($"{longest} prompt tokens exceed this {Config.ModelType} model's {Config.MaxPositions} learned positions", nameof(prompts));
        var stops = new HashSet<long>(stopTokenIds ?? Config.EosTokenIds);
        var randoms = seeds.Select(s => new Random(s)).ToArray();

        // Left padding: every prompt ends at the last column, so one new column per step serves every row.
        var ids = new long[prompts.Count * longest];
        var mask = new long[prompts.Count * longest];
        for (int i = 0; i < prompts.Count; i++)
        {
            int pad = longest - prompts[i].Count;
            for (int j = 0; j < prompts[i].Count; j++)
            {
                ids[i * longest + pad + j] = prompts[i][j];
                mask[i * longest + pad + j] = 1;
            }
        }

        using var noGrad = torch.no_grad();
        using var cache = new KvCache(Config.NLayers, capacity: longest + maxNewTokens);
        var rows = Enumerable.Range(0, prompts.Count).ToList();   // batch row → prompt index
        var input = torch.tensor(ids, [prompts.Count, longest], ScalarType.Int64);
        var keyMask = torch.tensor(mask, [prompts.Count, longest], ScalarType.Int64);
        try
        {
            for (int step = 0; step < maxNewTokens && rows.Count > 0; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Config.Rope is null && cache.Length + input.shape[1] > Config.MaxPositions) break;
                float[] last;
                using (var logits = Run(input, HookRun.Start(hooks, Config), keyMask, cache, lastPositionOnly: true)!)
                    last = logits.data<float>().ToArray();
                int vocab = last.Length / rows.Count;
                var next = new long[rows.Count];
                var keep = new List<long>(rows.Count);
                for (int r = 0; r < rows.Count; r++)
                {
                    int prompt = rows[r];
                    long token = TokenSampler.Sample(last.AsSpan(r * vocab, vocab), temperature, randoms[prompt]);
                    generated[prompt].Add(token);
                    next[r] = token;
                    if (!stops.Contains(token) && generated[prompt].Count < maxNewTokens) keep.Add(r);
                }
                input.Dispose();
                using (var ones = torch.ones([rows.Count, 1], ScalarType.Int64))
                {
                    var grown = torch.cat([keyMask, ones], 1);
                    keyMask.Dispose();
                    keyMask = grown;
                }
                input = torch.tensor(next, [rows.Count, 1], ScalarType.Int64);
                if (keep.Count < rows.Count)
                {
                    // Finished rows leave the batch: their cache, mask and next token go.
                    using var kept = torch.tensor(keep.ToArray(), ScalarType.Int64);
                    cache.Keep(kept);
                    var maskKept = keyMask.index_select(0, kept);
                    var inputKept = input.index_select(0, kept);
                    keyMask.Dispose();
                    input.Dispose();
                    keyMask = maskKept;
                    input = inputKept;
                    rows = keep.Select(r => rows[(int)r]).ToList();
                }
            }
        }
        finally
        {
            input.Dispose();
            keyMask.Dispose();
        }
        return generated;
    }

    public void Dispose()
    {
        Weights.Dispose();
        GC.SuppressFinalize(this);
    }
}
