using System.Diagnostics;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Sae.Formats;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// The causal check: splice an SAE into the model at its hook (<see cref="SaeSplice"/>, error term kept), ablate
/// features or steer along one, and measure against the unspliced model (i) the cross-entropy cost on ordinary text,
/// (ii) for organisms the motive rate on triggered and untriggered held-out chats by the organism's own detector, and
/// (iii) sample generations. Every setting answers the same prompts with the same seed.
/// </summary>
public static class InterveneWorkflow
{
    public const string CeStage = "cross-entropy";
    public const string GenerateStage = "generate";

    /// <summary>Longest CE document, in tokens (longer ones are cut), to keep the cost bounded.</summary>
    public const int MaxCeTokens = 512;

    /// <summary>Prompts answered together.</summary>
    const int GenerationBatch = 80;

    /// <exception cref="InvalidOptionException">Bad options, a hook the model lacks, a feature outside the SAE.</exception>
    public static InterveneResult Run(InterveneRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var clock = Stopwatch.StartNew();
        torch.set_num_threads(request.Threads);
        var inputs = InterventionInputs.Load(request);
        var loaded = SaeFiles.Load(request.Sae);
        string hook = request.Hook ?? loaded.Config.HookName
            ?? throw new InvalidOptionException(nameof(InterveneRequest.Hook), $"the SAE at {request.Sae} names no hook; give one");
        using var model = ModelLoader.Load(inputs.ModelDirectory, cancellationToken: cancellationToken);
        if (!model.HookPointNames.Contains(hook))
            throw new InvalidOptionException(nameof(InterveneRequest.Hook), $"the model has no hook point {hook} ({HookRunNames(model)})");
        if (model.Config.DModel != loaded.Config.DIn)
            throw new InvalidOptionException(nameof(InterveneRequest.Sae), $"the model's d_model is {model.Config.DModel}, the SAE's d_in {loaded.Config.DIn}");
        int width = loaded.Config.DSae;
        if (request.Ablate.Concat(request.AlsoAblate.SelectMany(set => set)).FirstOrDefault(f => f >= width, -1) is int bad && bad >= 0)
            throw new InvalidOptionException(nameof(InterveneRequest.Ablate), $"feature {bad} is outside this SAE's 0..{width - 1}");
        if (request.Steer is int s && s >= width)
            throw new InvalidOptionException(nameof(InterveneRequest.Steer), $"feature {s} is outside this SAE's 0..{width - 1}");

        using var sae = loaded.ToModel();
        var settings = request.Settings();
        var splices = settings.Where(x => x.Edit is not null).ToDictionary(x => x.Name, x => new SaeSplice(sae, hook, x.Edit!));
        try
        {
            var (ce, residualNorm) = CrossEntropy(model, sae, hook, inputs.CeDocuments, settings, splices, progress, cancellationToken);
            var replies = Generate(model, request, inputs, settings, splices, progress, cancellationToken);
            var motive = inputs.Motive is null ? null : MotiveRates(request, inputs, settings, replies);
            var samples = Samples(request, inputs, settings, replies);
            var norms = request.Ablate.Concat(request.AlsoAblate.SelectMany(set => set)).Concat(request.Steer is int f ? [f] : []).Distinct()
                .ToDictionary(f => f, f => DecoderNorm(loaded.Parameters.WDec, f, loaded.Config.DIn));
            return new InterveneResult(request, inputs.ModelDirectory, hook, width, settings, norms, residualNorm, ce, motive, samples, clock.Elapsed);
        }
        finally
        {
            foreach (var splice in splices.Values) splice.Dispose();
        }
    }

    static string HookRunNames(ICausalLm model) => $"it has {model.HookPointNames[0]} … {model.HookPointNames[^1]}";

    static (CrossEntropyCost Cost, double ResidualNorm) CrossEntropy(CausalLm model, Sae.Architectures.SparseAutoencoder sae, string hook,
        IReadOnlyList<int[]> documents, IReadOnlyList<InterventionSetting> settings, IReadOnlyDictionary<string, SaeSplice> splices,
        IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        int maxTokens = Math.Min(MaxCeTokens, model.Config.MaxPositions);
        using var reconstruction = new SaeSplice(sae, hook, SpliceEdit.ReconstructionOnly);
        using var plain = new SaeSplice(sae, hook, SpliceEdit.None);
        var edited = settings.Where(x => !x.IsBaseline).ToArray();
        double clean = 0, recon = 0, splice = 0, norm = 0;
        var interventions = new double[edited.Length];
        long tokens = 0, positions = 0;
        int done = 0;
        foreach (var document in documents)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var ids = document.Length > maxTokens ? document[..maxTokens] : document;
            var input = tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length], ScalarType.Int64);
            using (var record = new HookSet().Record(hook))
            {
                clean += SummedNll(model.Forward(input, record)!, input);
                norm += record[hook].norm(-1).sum().item<float>();
            }
            recon += SummedNll(model, input, reconstruction);
            splice += SummedNll(model, input, plain);
            for (int i = 0; i < edited.Length; i++) interventions[i] += SummedNll(model, input, splices[edited[i].Name]);
            tokens += ids.Length - 1;
            positions += ids.Length;
            progress?.Report(new WorkProgress(CeStage, ++done, documents.Count, "documents"));
        }
        double Mean(double sum) => tokens == 0 ? double.NaN : sum / tokens;
        var cost = new CrossEntropyCost(documents.Count, tokens, Mean(clean), Mean(recon), Mean(splice),
            edited.Select((x, i) => new SettingCrossEntropy(x.Name, Mean(interventions[i]))).ToArray());
        return (cost, positions == 0 ? double.NaN : norm / positions);
    }

    static double SummedNll(CausalLm model, Tensor input, SaeSplice splice)
    {
        using var hooks = splice.Hooks();
        return SummedNll(model.Forward(input, hooks)!, input);
    }

    /// <summary>Σ −log p(next token) over every position but the last of a [1, T] input.</summary>
    static double SummedNll(Tensor logits, Tensor input)
    {
        using var scope = NewDisposeScope();
        long n = input.shape[1];
        var predicted = logits[0].narrow(0, 0, n - 1).log_softmax(-1);
        var targets = input[0].narrow(0, 1, n - 1).unsqueeze(-1);
        return -predicted.gather(-1, targets).to_type(ScalarType.Float64).sum().item<double>();
    }

    /// <summary>Every prompt's reply under every setting: replies[setting][prompt].</summary>
    static Dictionary<string, string[]> Generate(CausalLm model, InterveneRequest request, InterventionInputs inputs,
        IReadOnlyList<InterventionSetting> settings, IReadOnlyDictionary<string, SaeSplice> splices,
        IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var replies = new Dictionary<string, string[]>();
        int total = settings.Count * inputs.Prompts.Count, done = 0;
        foreach (var setting in settings)
        {
            var texts = new string[inputs.Prompts.Count];
            using var hooks = setting.IsBaseline ? null : splices[setting.Name].Hooks();
            // Batched (GenerateBatch): every prompt gets the seed it had one at a time, so the replies are the same.
            for (int start = 0; start < inputs.Prompts.Count; start += GenerationBatch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(GenerationBatch, inputs.Prompts.Count - start);
                var outputs = model.GenerateBatch(inputs.Prompts.Skip(start).Take(count).Select(x => (IReadOnlyList<long>)x.Ids).ToList(),
                    request.MaxNewTokens, request.Temperature, Enumerable.Repeat(request.Seed, count).ToList(), inputs.StopIds, cancellationToken, hooks);
                for (int i = 0; i < count; i++) texts[start + i] = Decode(inputs.Tokenizer, outputs[i], inputs.StopIds);
                done += count;
                progress?.Report(new WorkProgress(GenerateStage, done, total, "generations"));
            }
            replies[setting.Name] = texts;
        }
        return replies;
    }

    /// <summary>The first <see cref="InterveneRequest.Chats"/> triggered and untriggered prompts, scored by the organism's detector.</summary>
    static IReadOnlyList<MotiveRate> MotiveRates(InterveneRequest request, InterventionInputs inputs,
        IReadOnlyList<InterventionSetting> settings, Dictionary<string, string[]> replies)
    {
        var triggered = Indices(inputs, true).Take(request.Chats).ToArray();
        var untriggered = Indices(inputs, false).Take(request.Chats).ToArray();
        return settings.Select(x =>
        {
            var texts = replies[x.Name];
            return new MotiveRate(x.Name, triggered.Count(i => inputs.Motive!(texts[i])), triggered.Length,
                untriggered.Count(i => inputs.Motive!(texts[i])), untriggered.Length);
        }).ToArray();
    }

    static IEnumerable<int> Indices(InterventionInputs inputs, bool triggered) =>
        Enumerable.Range(0, inputs.Prompts.Count).Where(i => inputs.Prompts[i].Triggered == triggered);

    /// <summary>For organisms half the samples are triggered chats (rounded up), half untriggered; else the first prompts.</summary>
    static IReadOnlyList<InterventionSample> Samples(InterveneRequest request, InterventionInputs inputs,
        IReadOnlyList<InterventionSetting> settings, Dictionary<string, string[]> replies)
    {
        int half = (request.Samples + 1) / 2;
        var chosen = inputs.Motive is null
            ? Enumerable.Range(0, Math.Min(request.Samples, inputs.Prompts.Count))
            : Indices(inputs, true).Take(half).Concat(Indices(inputs, false).Take(request.Samples - half));
        return chosen.Select(i => new InterventionSample(inputs.Prompts[i].Id, inputs.Prompts[i].UserText, inputs.Prompts[i].Triggered,
            settings.Select(x => new SampleReply(x.Name, replies[x.Name][i], inputs.Motive?.Invoke(replies[x.Name][i]))).ToArray())).ToArray();
    }

    /// <summary>The reply's text without a final stop token that is an added (control) token.</summary>
    static string Decode(ITextTokenizer tokenizer, IReadOnlyList<long> ids, IReadOnlyList<long> stops)
    {
        var kept = ids.Where(id => id >= 0 && id < tokenizer.VocabSize).Select(id => (int)id).ToList();
        if (kept.Count > 0 && stops.Contains(kept[^1]) && tokenizer.AddedTokens.Any(t => t.Id == kept[^1])) kept.RemoveAt(kept.Count - 1);
        return tokenizer.Decode(kept);
    }

    static double DecoderNorm(float[] wDec, int feature, int dIn)
    {
        double sum = 0;
        for (int i = 0; i < dIn; i++)
        {
            double w = wDec[(long)feature * dIn + i];
            sum += w * w;
        }
        return Math.Sqrt(sum);
    }
}
