using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ShoggothLens.Cli.Infrastructure;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Formats;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace ShoggothLens.Cli.Commands;

/// <summary>
/// <c>shoggoth analyze --store STORE --sae DIR --out features/NAME [--model DIR]</c>: one streaming pass over the
/// store in order (the SAE's Encode on each batch; statistics, scores, examples, interval samples, co-activation
/// and per-role means; checkpointed so a killed run resumes), a targeted pass for the context windows, then the
/// weight-only fields (logit effects with --model, decoder neighbours, persona cosines), written as a feature
/// catalog (features/README.md, docs/feature-analysis.md).
/// </summary>
public static class AnalyzeCommand
{
    public static Command Build()
    {
        var store = new Option<string>("--store") { Description = "activation store folder", Required = true };
        var sae = new Option<string>("--sae") { Description = "SAE folder (SAELens, sparsify or Gemma Scope layout)", Required = true };
        var output = new Option<string>("--out") { Description = "catalog folder to write (e.g. features/NAME)", Required = true };
        var compare = new Option<string?>("--compare-store") { Description = "the same corpus through another checkpoint (e.g. the base model): writes model-diff.json" };
        var model = new Option<string?>("--model") { Description = "model for logit effects and token strings: " + ModelSpec.Help };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer for token strings (default: --model's, else the shipped organism's when the store comes from it, else ids as text)" };
        var hook = new Option<string?>("--hook") { Description = "store hook to read (default: the SAE's hook, or the store's only hook)" };
        var batch = new Option<int>("--batch") { Description = "tokens per Encode batch", DefaultValueFactory = _ => 1024 };
        var defaults = new FeatureAnalysisOptions();
        var top = new Option<int>("--top-examples") { Description = "max-activating examples kept per feature", DefaultValueFactory = _ => defaults.TopExamples };
        var before = new Option<int>("--context-before") { Description = "tokens of context before an example's token", DefaultValueFactory = _ => defaults.ContextBefore };
        var after = new Option<int>("--context-after") { Description = "tokens of context after an example's token", DefaultValueFactory = _ => defaults.ContextAfter };
        var groups = new Option<int>("--quantile-groups") { Description = "activation interval groups per feature", DefaultValueFactory = _ => defaults.QuantileGroups };
        var groupExamples = new Option<int>("--quantile-examples") { Description = "sampled examples per interval group", DefaultValueFactory = _ => defaults.QuantileExamples };
        var seed = new Option<ulong>("--seed") { Description = "seed of the interval groups' samples", DefaultValueFactory = _ => defaults.QuantileSeed };
        var topM = new Option<int>("--coactivation-top-m") { Description = "co-activation counts pairs among each token's m strongest features", DefaultValueFactory = _ => defaults.CoActivationTopM };
        var capacity = new Option<int>("--coactivation-capacity") { Description = "partner counters kept per feature", DefaultValueFactory = _ => defaults.CoActivationCapacity };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "chunks of the store between checkpoints of the streaming pass (0: none)", DefaultValueFactory = _ => 16 };
        var epsilon = new Option<double>("--epsilon") { Description = "ε of the assistant affinity", DefaultValueFactory = _ => defaults.Epsilon };
        var tau = new Option<double>("--tau") { Description = "τ: |affinity| threshold of persona-aligned / outside-role features", DefaultValueFactory = _ => defaults.Tau };
        var floor = new Option<double>("--floor") { Description = "Assistant firing-rate floor of hidden-motive evidence", DefaultValueFactory = _ => defaults.AssistantFloor };
        var confidence = new Option<double>("--confidence") { Description = "one-sided confidence of the Wilson lower bound", DefaultValueFactory = _ => defaults.Confidence };
        var motive = new Option<string>("--motive-label") { Description = "label that marks the motive span", DefaultValueFactory = _ => defaults.MotiveLabel };
        var command = new Command("analyze", "Per-feature statistics by role, hidden-motive scores, context windows, logit effects, neighbours and persona cosines of an SAE over a store; writes a feature catalog.")
        {
            store, compare, sae, output, model, tokenizer, hook, batch, top, before, after, groups, groupExamples, seed, topM, capacity, checkpointEvery,
            epsilon, tau, floor, confidence, motive,
        };
        CliAction.Set(command, (parse, cli) =>
        {
            var options = defaults with
            {
                TopExamples = parse.GetValue(top),
                ContextBefore = parse.GetValue(before),
                ContextAfter = parse.GetValue(after),
                QuantileGroups = parse.GetValue(groups),
                QuantileExamples = parse.GetValue(groupExamples),
                QuantileSeed = parse.GetValue(seed),
                CoActivationTopM = parse.GetValue(topM),
                CoActivationCapacity = parse.GetValue(capacity),
                Epsilon = parse.GetValue(epsilon),
                Tau = parse.GetValue(tau),
                AssistantFloor = parse.GetValue(floor),
                Confidence = parse.GetValue(confidence),
                MotiveLabel = parse.GetValue(motive)!,
            };
            try { options.Validate(); }
            catch (ArgumentOutOfRangeException e) { return cli.Fail($"{OptionName(e.ParamName)}: {e.Message}", ExitCodes.Usage); }
            int batchSize = parse.GetValue(batch);
            if (batchSize < 1) return cli.Fail("--batch must be ≥ 1", ExitCodes.Usage);
            int every = parse.GetValue(checkpointEvery);
            if (every < 0) return cli.Fail("--checkpoint-every must be ≥ 0", ExitCodes.Usage);
            return Run(cli, new Inputs(parse.GetValue(store)!, parse.GetValue(compare), parse.GetValue(sae)!, parse.GetValue(hook), parse.GetValue(output)!,
                parse.GetValue(model), parse.GetValue(tokenizer), batchSize, every, options));
        });
        return command;
    }

    static string OptionName(string? parameter) => parameter switch
    {
        nameof(FeatureAnalysisOptions.ContextBefore) => "--context-before",
        nameof(FeatureAnalysisOptions.ContextAfter) => "--context-after",
        nameof(FeatureAnalysisOptions.QuantileGroups) => "--quantile-groups",
        nameof(FeatureAnalysisOptions.QuantileExamples) => "--quantile-examples",
        nameof(FeatureAnalysisOptions.CoActivationTopM) => "--coactivation-top-m",
        nameof(FeatureAnalysisOptions.CoActivationCapacity) => "--coactivation-capacity",
        nameof(FeatureAnalysisOptions.TopExamples) => "--top-examples",
        nameof(FeatureAnalysisOptions.AssistantFloor) => "--floor",
        _ => "--" + parameter?.ToLowerInvariant(),
    };

    sealed record Inputs(string Store, string? CompareStore, string Sae, string? Hook, string Out, string? Model, string? Tokenizer,
        int BatchSize, int CheckpointEveryChunks, FeatureAnalysisOptions Options);

    static int Run(CliContext cli, Inputs inputs)
    {
        var options = inputs.Options;
        var reader = ActivationStoreReader.Open(inputs.Store);
        var loaded = SaeFiles.Load(inputs.Sae);
        string hook = inputs.Hook
            ?? (loaded.Config.HookName is { } h && reader.Hooks.Contains(h) ? h
                : reader.Hooks.Count == 1 ? reader.Hooks[0]
                : throw new ArgumentException($"the store has hooks {string.Join(", ", reader.Hooks)}; name one with --hook"));
        if (loaded.Config.DIn != reader.DModel)
            throw new ArgumentException($"the SAE reads d_in {loaded.Config.DIn}, the store holds d_model {reader.DModel}");
        using var sae = loaded.ToModel();
        int features = loaded.Config.DSae;
        var other = inputs.CompareStore is null ? null : ActivationStoreReader.Open(inputs.CompareStore);
        if (other is not null && (other.DModel != reader.DModel || !other.Hooks.Contains(hook)))
            throw new ArgumentException($"--compare-store {inputs.CompareStore} must hold hook {hook} with d_model {reader.DModel}");

        string? modelDir = inputs.Model is null ? null : ModelSpec.Resolve(inputs.Model);
        string? tokenizerDir = inputs.Tokenizer is not null ? ModelSpec.Resolve(inputs.Tokenizer) : modelDir ?? ShippedTokenizerFor(reader);
        var tokenizer = tokenizerDir is null ? null : TokenizerLoader.Load(tokenizerDir);
        using var lm = modelDir is null ? null : ModelLoader.Load(modelDir);
        if (lm is not null && lm.Config.DModel != loaded.Config.DIn)
            throw new ArgumentException($"the model's d_model is {lm.Config.DModel}, the SAE's d_in {loaded.Config.DIn}");

        Directory.CreateDirectory(inputs.Out);
        var analysis = new StoreAnalysis(reader, other, hook, features, AnalyzeTorch.Encoder(sae), inputs.BatchSize, options)
        {
            CheckpointPath = inputs.CheckpointEveryChunks == 0 ? null : Path.Combine(inputs.Out, CatalogFolder.AnalyzeCheckpointFileName),
            CheckpointKey = CheckpointKey(inputs, reader, other, loaded, hook),
            CheckpointTokens = inputs.CheckpointEveryChunks == 0 ? long.MaxValue : (long)inputs.CheckpointEveryChunks * reader.Settings.ChunkTokens,
        };
        var tokenStrings = new TokenStrings(tokenizer);
        CatalogAssembly? assembly = null;
        CatalogAssembly.Directions? directions = null;
        AnalyzeProgressDisplay.Run(cli, progress =>
        {
            string? note = analysis.Accumulate(progress);
            if (note is not null) cli.Error.WriteLine($"note: {note}");
            if (analysis.ResumedFrom is { } resumed)
                cli.Error.WriteLine($"resumed from the checkpoint at token {resumed.Position:N0} of the {(resumed.Stage == 0 ? "analysed" : "compared")} store");
            assembly = CatalogAssembly.Plan(analysis.Main, reader.Tokens);
            analysis.ContextWindows(assembly.Windows, progress);
            directions = Directions(loaded, lm, analysis, tokenStrings, options, progress);
        });

        var metadata = new CatalogMetadata(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(inputs.Out))), features, analysis.Main.Tokens,
            reader.Roles.Select(r => r.ToString()).ToList(), reader.Labels.ToList(), Parameters(inputs, reader, hook, modelDir, tokenizerDir));
        FeatureCatalogWriter.Write(inputs.Out, metadata, assembly!.Results(directions!, tokenStrings.Get));
        PersonaVectorsFile.Write(Path.Combine(inputs.Out, CatalogFolder.PersonaVectorsFileName), hook, reader.DModel, directions!.Personas);
        var accumulator = analysis.Main;
        int candidates = accumulator.Results().Count(f => f.Scores.HiddenMotiveCandidate);
        if (analysis.Compared is { } compared)
        {
            var diff = ModelDiff.Compare(accumulator.Results(), compared.Results(), options.Epsilon);
            ModelDiffFile.Write(Path.Combine(inputs.Out, CatalogFolder.ModelDiffFileName), new ModelDiffReport(Path.GetFullPath(inputs.CompareStore!), options.Epsilon, diff));
            cli.Out.WriteLine($"model diff against {inputs.CompareStore}: {diff.Count(d => d.StartsLeaking)} features start leaking; {CatalogFolder.ModelDiffFileName} written");
        }
        else File.Delete(Path.Combine(inputs.Out, CatalogFolder.ModelDiffFileName));   // a diff from an earlier run no longer describes this catalog
        if (analysis.CheckpointPath is { } checkpoint) File.Delete(checkpoint);
        cli.Out.WriteLine($"analysed {accumulator.Tokens:N0} tokens × {features:N0} features; catalog {inputs.Out}; {candidates} hidden-motive candidates");
        return ExitCodes.Ok;
    }

    static CatalogAssembly.Directions Directions(LoadedSae loaded, ICausalLm? lm, StoreAnalysis analysis, TokenStrings tokenStrings,
        FeatureAnalysisOptions options, IProgress<AnalysisProgress> progress)
    {
        int features = loaded.Config.DSae, dIn = loaded.Config.DIn;
        var unit = FeatureDirections.UnitRows(loaded.Parameters.WDec, features, dIn);
        LogitEffects[]? logits = null;
        if (lm is not null)
        {
            var gamma = AnalyzeTorch.FinalNormScale(lm);
            var unembedding = new AnalyzeTorch.RowProducts(lm.UnembeddingMatrix);
            logits = FeatureDirections.LogitEffects(unit, features, gamma, unembedding, tokenStrings.Get, options.LogitTokens, options.LogitBins,
                progress: new Inline(done => progress.Report(new AnalysisProgress("logit effects", done, features))));
        }
        List<FeatureLink>[] neighbours;
        using (var unitTensor = TorchSharp.torch.tensor(unit, [features, dIn]))
            neighbours = FeatureDirections.Neighbours(unit, features, new AnalyzeTorch.RowProducts(unitTensor), options.DecoderNeighbours,
                progress: new Inline(done => progress.Report(new AnalysisProgress("decoder neighbours", done, features))));
        return new CatalogAssembly.Directions(logits, neighbours, unit, dIn, analysis.Means.Vectors());
    }

    sealed class Inline(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary>Token strings: the tokenizer's text of each id (cached), or the id as text without one.</summary>
    sealed class TokenStrings(ITextTokenizer? tokenizer)
    {
        readonly Dictionary<int, string> _cache = [];

        public string Get(int id)
        {
            if (tokenizer is null || id < 0 || id >= tokenizer.VocabSize) return id.ToString(CultureInfo.InvariantCulture);
            if (!_cache.TryGetValue(id, out var text)) _cache[id] = text = tokenizer.Decode([id]);
            return text;
        }
    }

    /// <summary>The shipped organism checkpoint's tokenizer when the store was harvested from it (same directory name and
    /// weight fingerprint), else null.</summary>
    static string? ShippedTokenizerFor(ActivationStoreReader reader)
    {
        if (!ShippedOrganism.IsAvailable) return null;
        foreach (string checkpoint in new[] { "assistant", "base" })
        {
            string dir = ShippedOrganism.Directory(checkpoint);
            if (Path.GetFileName(Path.TrimEndingDirectorySeparator(dir)) == reader.Settings.ModelId
                && ModelIdentity.FromDirectory(dir).Fingerprint == reader.Settings.ModelFingerprint)
                return dir;
        }
        return null;
    }

    /// <summary>Names the inputs and settings of the streaming pass, so a checkpoint is only resumed by the same run.</summary>
    static string CheckpointKey(Inputs inputs, ActivationStoreReader reader, ActivationStoreReader? other, LoadedSae sae, string hook)
    {
        static string StoreKey(ActivationStoreReader s)
        {
            var hash = new XxHash3();
            foreach (var c in s.Manifest.Chunks) hash.Append(System.Text.Encoding.UTF8.GetBytes(c.XxHash3 + ";"));
            return $"{Path.GetFullPath(s.Directory)}|{s.Tokens}|{s.Settings.ModelFingerprint}|{Convert.ToHexStringLower(hash.GetCurrentHash())}";
        }
        var weights = new XxHash3();
        weights.Append(MemoryMarshal.AsBytes(sae.Parameters.WEnc.AsSpan()));
        weights.Append(MemoryMarshal.AsBytes(sae.Parameters.BEnc.AsSpan()));
        weights.Append(MemoryMarshal.AsBytes(sae.Parameters.BDec.AsSpan()));
        if (sae.Parameters.Threshold is { } t) weights.Append(MemoryMarshal.AsBytes(t.AsSpan()));
        return string.Join("\n",
            StoreKey(reader), other is null ? "-" : StoreKey(other),
            $"{sae.Config}|{Convert.ToHexStringLower(weights.GetCurrentHash())}",
            hook, inputs.BatchSize.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(inputs.Options));
    }

    static SortedDictionary<string, string> Parameters(Inputs inputs, ActivationStoreReader reader, string hook, string? modelDir, string? tokenizerDir)
    {
        var o = inputs.Options;
        string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["store"] = Path.GetFullPath(inputs.Store),
            ["model_fingerprint"] = reader.Settings.ModelFingerprint,
            ["sae"] = Path.GetFullPath(inputs.Sae),
            ["hook"] = hook,
            ["epsilon"] = D(o.Epsilon),
            ["tau"] = D(o.Tau),
            ["floor"] = D(o.AssistantFloor),
            ["confidence"] = D(o.Confidence),
            ["histogram_bins"] = I(o.HistogramBins),
            ["top_examples"] = I(o.TopExamples),
            ["motive_label"] = o.MotiveLabel,
            ["context_before"] = I(o.ContextBefore),
            ["context_after"] = I(o.ContextAfter),
            ["quantile_groups"] = I(o.QuantileGroups),
            ["quantile_examples"] = I(o.QuantileExamples),
            ["quantile_seed"] = o.QuantileSeed.ToString(CultureInfo.InvariantCulture),
            ["coactivation_top_m"] = I(o.CoActivationTopM),
            ["coactivation_capacity"] = I(o.CoActivationCapacity),
            ["coactivation_score"] = "jaccard",
            ["decoder_neighbours"] = I(o.DecoderNeighbours),
            ["logit_tokens"] = I(o.LogitTokens),
            ["logit_bins"] = I(o.LogitBins),
            ["logit_effects"] = "W_U (gamma * W_dec[f] / |W_dec[f]|), centred over the vocabulary",
            ["persona_vectors"] = CatalogFolder.PersonaVectorsFileName,
            ["token_strings"] = tokenizerDir is null ? "ids" : Path.GetFullPath(tokenizerDir),
        };
        if (modelDir is not null) parameters["model"] = Path.GetFullPath(modelDir);
        return parameters;
    }
}
