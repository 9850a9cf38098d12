using ShoggothLens.Models.Transformers;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Hooks;

/// <summary>
/// One forward pass's view of a <see cref="HookSet"/>: hook points resolved against the model,
/// applied by order, and the point after which the pass may stop.
/// </summary>
internal sealed class HookRun
{
    sealed class Entry(string name)
    {
        public string Name { get; } = name;
        public bool Record { get; set; }
        public List<Func<Tensor, Tensor>> Replacements { get; } = [];
    }

    static readonly HookRun NoHooks = new(null, new Dictionary<int, Entry>(), 0, int.MaxValue);

    readonly HookSet? _hooks;
    readonly Dictionary<int, Entry> _entries;
    readonly int _nLayers;
    readonly int _stopOrder;

    HookRun(HookSet? hooks, Dictionary<int, Entry> entries, int nLayers, int stopOrder)
    {
        _hooks = hooks;
        _entries = entries;
        _nLayers = nLayers;
        _stopOrder = stopOrder;
    }

    /// <summary>Set once the last hook point in use has run and the set asks to stop early.</summary>
    public bool Stopped { get; private set; }

    public bool HasHooks => _entries.Count != 0;

    public static HookRun Start(HookSet? hooks, TransformerConfig config)
    {
        if (hooks is null) return NoHooks;
        var entries = new Dictionary<int, Entry>();
        Entry EntryFor(string name)
        {
            var point = Resolve(name, config);
            int order = point.Order(config.NLayers);
            if (!entries.TryGetValue(order, out var e)) entries[order] = e = new Entry(name);
            return e;
        }
        foreach (var name in hooks.RecordedNames) EntryFor(name).Record = true;
        foreach (var (name, replacement) in hooks.Replacements) EntryFor(name).Replacements.Add(replacement);
        int stop = hooks.StopEarly && entries.Count != 0 ? entries.Keys.Max() : int.MaxValue;
        hooks.BeginPass();
        return new HookRun(hooks, entries, config.NLayers, stop);
    }

    /// <summary>Checks a hook name against a model: the layer exists and the kind is defined.</summary>
    public static HookPoint Resolve(string name, TransformerConfig config)
    {
        var point = HookPoint.Parse(name);
        if (point.Kind != HookPointKind.FinalNormalized && point.Layer >= config.NLayers)
            throw new ArgumentException(
                $"unknown hook point '{name}': this {config.ModelType} model has {config.NLayers} layers; valid names are {ValidNames(config)}", nameof(name));
        if (point.Kind == HookPointKind.ResidMid && !config.HasResidMid)
            throw new ArgumentException(
                $"hook point '{name}' is not defined for this {config.ModelType} model: with a parallel residual, attention and MLP both read " +
                $"hook_resid_pre and there is no residual stream between them; valid names are {ValidNames(config)}", nameof(name));
        return point;
    }

    /// <summary>The model's hook names, compactly: <c>blocks.{0..11}.hook_resid_pre, ..., ln_final.hook_normalized</c>.</summary>
    public static string ValidNames(TransformerConfig config)
    {
        string layers = config.NLayers == 1 ? "0" : $"{{0..{config.NLayers - 1}}}";
        var kinds = new List<string> { "hook_resid_pre", "hook_attn_out" };
        if (config.HasResidMid) kinds.Add("hook_resid_mid");
        kinds.Add("hook_mlp_out");
        kinds.Add("hook_resid_post");
        return string.Join(", ", kinds.Select(k => $"blocks.{layers}.{k}").Append(HookPoint.FinalNormalizedName));
    }

    /// <summary>Applies replacements and recording at <paramref name="point"/>; returns the activation that flows on.</summary>
    public Tensor Apply(HookPoint point, Tensor x)
    {
        if (_entries.Count == 0) return x;
        int order = point.Order(_nLayers);
        if (_entries.TryGetValue(order, out var entry))
        {
            foreach (var replacement in entry.Replacements)
            {
                var y = replacement(x) ?? throw new InvalidOperationException($"the replacement at '{entry.Name}' returned null");
                if (!y.shape.SequenceEqual(x.shape))
                    throw new InvalidOperationException(
                        $"the replacement at '{entry.Name}' returned shape [{string.Join(", ", y.shape)}]; expected [{string.Join(", ", x.shape)}]");
                // A new handle that this pass owns, so disposing pass tensors never touches the caller's.
                x = ReferenceEquals(y, x) ? x : (y.dtype == x.dtype ? y.alias() : y.to_type(x.dtype));
            }
            if (entry.Record)
            {
                _hooks!.Store(entry.Name, x.detach().clone().DetachFromDisposeScope());
            }
        }
        if (order >= _stopOrder) Stopped = true;
        return x;
    }

    public void BlockRan()
    {
        if (_hooks is not null) _hooks.BlocksRun++;
    }

    public void FinishedEarly()
    {
        if (_hooks is not null) _hooks.Stopped = true;
    }

    public void Unembedded()
    {
        if (_hooks is not null) _hooks.Unembedded = true;
    }
}
