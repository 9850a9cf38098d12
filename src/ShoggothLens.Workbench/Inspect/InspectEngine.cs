using System.Runtime.InteropServices;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Inspect;

/// <summary>
/// One loaded model + tokenizer + chat template + SAE (+ persona vectors): tokenizes a request as harvest does
/// (<see cref="DocumentTokenizer"/>), runs the model up to the hooks it needs, encodes the SAE hook's residuals with
/// the SAE's Encode and projects the persona hook's residuals on each persona vector. Not thread-safe: the
/// <see cref="Inspector"/> runs one request at a time.
/// </summary>
sealed class InspectEngine : IDisposable
{
    readonly ICausalLm _model;
    readonly SparseAutoencoder _sae;
    readonly DocumentTokenizer _tokenizer;
    readonly string _hook;
    readonly IReadOnlyList<PersonaVector> _personas;
    readonly string? _personaHook;
    readonly Dictionary<int, string> _tokenText = [];

    InspectEngine(InspectSources sources, ICausalLm model, SparseAutoencoder sae, DocumentTokenizer tokenizer, string hook, PersonaVectorSet? personas)
    {
        Sources = sources;
        _model = model;
        _sae = sae;
        _tokenizer = tokenizer;
        _hook = hook;
        bool usable = personas is not null && personas.DModel == model.Config.DModel;
        _personas = usable ? personas!.Vectors : [];
        _personaHook = usable ? personas!.Hook : null;
    }

    public InspectSources Sources { get; }
    public int Features => _sae.Config.DSae;

    /// <summary>The model's trained context length (an input may not be longer, whatever the server's limit).</summary>
    public int MaxPositions => _model.Config.MaxPositions;

    public static InspectEngine Load(InspectSources sources, PersonaVectorSet? personas)
    {
        var loaded = SaeFiles.Load(sources.SaeDirectory);
        string hook = sources.Hook ?? loaded.Config.HookName
            ?? throw new ArgumentException($"the SAE at {sources.SaeDirectory} names no hook; start the server with --hook");
        var tokenizer = TokenizerLoader.Load(sources.ModelDirectory);
        var template = sources.ChatTemplate is { } name ? ChatTemplateCatalog.ByName(name) : ChatTemplateCatalog.GuessFromModelDirectory(sources.ModelDirectory);
        var model = ModelLoader.Load(sources.ModelDirectory);
        try
        {
            RequireHook(model, hook);
            if (model.Config.DModel != loaded.Config.DIn)
                throw new ArgumentException($"the model's d_model is {model.Config.DModel}, the SAE's d_in {loaded.Config.DIn}");
            if (personas is not null) RequireHook(model, personas.Hook);
            return new InspectEngine(sources, model, loaded.ToModel(), new DocumentTokenizer(tokenizer, template), hook, personas);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    static void RequireHook(ICausalLm model, string hook)
    {
        if (!model.HookPointNames.Contains(hook))
            throw new ArgumentException($"the model has no hook point {hook} (it has {model.HookPointNames[0]} … {model.HookPointNames[^1]})");
    }

    /// <summary>Tokenizes the request (no model run): ids and roles, or the template's refusal.</summary>
    public TokenizedDocument Tokenize(InspectRequest request) =>
        _tokenizer.Tokenize(request.ToDocument(), new StoreDocument(0, "inspect", 0, 0));

    public InspectResult.Done Run(TokenizedDocument document, InspectOptions options, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        int n = document.Length, d = _model.Config.DModel, features = _sae.Config.DSae;
        string[] hooks = _personaHook is null || _personaHook == _hook ? [_hook] : [_hook, _personaHook];
        float[] saeInput, personaInput;
        float[] codes;
        using (var scope = NewDisposeScope())
        using (var set = new HookSet().Record(hooks).StopAfterLastHook())
        using (no_grad())
        {
            var ids = tensor(document.Ids.Select(i => (long)i).ToArray(), [1, n], ScalarType.Int64);
            _model.Forward(ids, set)?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            saeInput = Floats(set.Take(_hook));
            personaInput = hooks.Length == 2 ? Floats(set.Take(hooks[1])) : saeInput;
            codes = Floats(_sae.Encode(tensor(saeInput, [n, d])));
        }
        cancellationToken.ThrowIfCancellationRequested();

        var units = _personas.Select(p => Unit(p.Vector)).ToArray();
        var tokens = new List<InspectedToken>(n);
        for (int t = 0; t < n; t++)
        {
            var row = codes.AsSpan(t * features, features);
            var active = new List<FeatureActivation>();
            for (int f = 0; f < features; f++) if (row[f] > 0) active.Add(new FeatureActivation(f, row[f]));
            active.Sort((a, b) => b.Activation != a.Activation ? b.Activation.CompareTo(a.Activation) : a.Feature.CompareTo(b.Feature));
            if (active.Count > options.KeptPerToken) active.RemoveRange(options.KeptPerToken, active.Count - options.KeptPerToken);
            var projections = new List<double>(units.Length);
            foreach (var u in units) projections.Add(Dot(personaInput.AsSpan(t * d, d), u));
            tokens.Add(new InspectedToken(t, document.Ids[t], TokenText(document.Ids[t]), document.RoleAt(t).ToString(), active, projections));
        }
        return new InspectResult.Done(tokens, _personas.Select(p => p.Persona).ToList(), _hook, features, started.Elapsed);
    }

    string TokenText(int id)
    {
        if (!_tokenText.TryGetValue(id, out var text)) _tokenText[id] = text = _tokenizer.Tokenizer.Decode([id]);
        return text;
    }

    static float[] Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.to_type(ScalarType.Float32).cpu().contiguous().bytes).ToArray();

    static float[] Unit(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return norm == 0 ? new float[v.Length] : v.Select(x => (float)(x / norm)).ToArray();
    }

    static double Dot(ReadOnlySpan<float> a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return s;
    }

    public void Dispose()
    {
        _sae.Dispose();
        _model.Dispose();
    }
}
