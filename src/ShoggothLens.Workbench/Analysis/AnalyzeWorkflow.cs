using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Files;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis.Torch;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>
/// Analyse an SAE over an activation store into a feature catalog (features/README.md, docs/feature-analysis.md):
/// one streaming pass over the store in order (the SAE's Encode on each batch; statistics, scores, examples,
/// interval samples, co-activation and per-role means; checkpointed, so a stopped run resumes), the same pass over
/// a compared store when given (the model diff), a targeted pass for the context windows, then the weight-only
/// fields (logit effects with a model, decoder neighbours, persona cosines).
/// Sharded (docs/feature-analysis.md, "Shards"): <see cref="RunShard"/> passes over one shard's chunks and writes its state;
/// <see cref="Run"/> with <see cref="AnalyzeRequest.MergeShards"/> joins all N states in place of the streaming pass and
/// finishes the catalog as the unsharded run does, to the same bytes.
/// </summary>
public static class AnalyzeWorkflow
{
    /// <summary>Runs the analysis and writes the catalog folder.</summary>
    /// <param name="progress">Stages "analyze", "compare" and "contexts" in tokens, "logit effects" and "decoder neighbours" in
    /// features; checkpoint notices; notes on a resumed or an ignored checkpoint.</param>
    /// <param name="cancellationToken">Cancelling leaves a checkpoint in the catalog folder (unless checkpoints are off) and throws
    /// <see cref="OperationCanceledException"/>; the same request run again resumes from it.</param>
    /// <exception cref="InvalidOptionException">Inputs that do not fit together (hook, widths) or a setting out of range, named as
    /// <see cref="AnalyzeRequest"/> spells it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <see cref="AnalyzeRequest.Features"/> out of range (<see cref="FeatureAnalysisOptions.Validate"/>).</exception>
    /// <exception cref="Core.Formats.InvalidInputFileException">A missing or malformed input file.</exception>
    /// <exception cref="FolderLockedException">Another command is writing the catalog folder.</exception>
    public static AnalyzeResult Run(AnalyzeRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        if (request.Shard is not null) throw new InvalidOptionException(nameof(AnalyzeRequest.Shard), "a shard's pass writes a shard state, not a catalog: use RunShard");
        var (store, compared, sae, hook) = OpenInputs(request);

        string? modelDir = request.Model is null ? null : OrganismModelSpec.Resolve(request.Model);
        string? tokenizerDir = request.Tokenizer is not null ? OrganismModelSpec.Resolve(request.Tokenizer) : modelDir ?? ShippedTokenizer.For(store);
        var tokenStrings = new TokenStrings(tokenizerDir is null ? null : TokenizerLoader.Load(tokenizerDir));
        using var model = modelDir is null ? null : ModelLoader.Load(modelDir, cancellationToken: cancellationToken);
        if (model is not null && model.Config.DModel != sae.Config.DIn)
            throw new InvalidOptionException(nameof(AnalyzeRequest.Model), $"the model's d_model is {model.Config.DModel}, the SAE's d_in {sae.Config.DIn}");
        using var encoder = sae.ToModel();
        int features = sae.Config.DSae;

        var folder = new CatalogFolder(request.Output);
        using var folderLock = FolderLock.Acquire(folder.Directory, "analyze");   // a second writer is refused, never interleaved
        bool checkpoints = request.CheckpointEveryChunks > 0 && request.MergeShards is null;
        var analysis = new StoreAnalysis(store, compared, hook, features, TorchSaeEncoder.For(encoder), request.BatchSize, request.Features)
        {
            CheckpointPath = checkpoints ? folder.AnalyzeCheckpointPath : null,
            CheckpointKey = AnalysisCheckpointKey.Of(request, store, compared, sae, hook),
            CheckpointTokens = checkpoints ? (long)request.CheckpointEveryChunks * store.Settings.ChunkTokens : long.MaxValue,
        };
        string? ignored = null;
        if (request.MergeShards is { } shards) MergeShardStates(analysis, shards, progress, cancellationToken);
        else ignored = analysis.Accumulate(progress, cancellationToken);
        CatalogAssembly assembly;
        CatalogAssembly.Directions directions;
        try
        {
            assembly = CatalogAssembly.Plan(analysis.Main, store.Tokens);
            analysis.ContextWindows(assembly.Windows, progress, cancellationToken);
            directions = WeightDirections.Compute(sae, model, analysis.Means.Vectors(), tokenStrings.Get, request.Features, progress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            analysis.CheckpointFinishedPasses(progress);   // the streaming passes are the long part: keep them
            throw;
        }

        var metadata = new CatalogMetadata(folder.Name, features, analysis.Main.Tokens, store.Roles.Select(r => r.ToString()).ToList(), store.Labels.ToList(),
            CatalogParameters.Of(request, store, hook, modelDir, tokenizerDir));
        FeatureCatalogWriter.Write(folder.Directory, metadata, assembly.Results(directions, tokenStrings.Get));
        PersonaVectorsFile.Write(folder.PersonaVectorsPath, hook, store.DModel, directions.Personas);
        // Outside-role leaks, not candidates: a candidate needs a specific home persona, which only CandidatesWorkflow tests.
        int leaks = analysis.Main.Results().Count(f => f.Scores.OutsideRoleLeak);
        ModelDiffSummary? diffSummary = null;
        if (analysis.Compared is { } comparedResults)
        {
            var diff = ModelDiff.Compare(analysis.Main.Results(), comparedResults.Results(), request.Features.Epsilon);
            ModelDiffFile.Write(folder.ModelDiffPath, new ModelDiffReport(Path.GetFullPath(request.CompareStore!), request.Features.Epsilon, diff));
            diffSummary = new ModelDiffSummary(request.CompareStore!, diff.Count(d => d.StartsLeaking));
        }
        else File.Delete(folder.ModelDiffPath);   // a diff from an earlier run no longer describes this catalog
        File.Delete(folder.CandidateReportPath);   // nor does a candidate report
        if (analysis.CheckpointPath is { } checkpoint) File.Delete(checkpoint);

        var resumed = analysis.ResumedFrom is { } r ? new AnalysisResume(r.Stage != 0, r.Position) : null;
        return new AnalyzeResult(folder, features, analysis.Main.Tokens, hook, leaks, diffSummary, resumed, ignored);
    }

    /// <summary>
    /// Passes over shard <see cref="AnalyzeRequest.Shard"/> of the store (its chunks only) and writes the accumulated state to
    /// <c>analyze.shard</c> in <see cref="AnalyzeRequest.Output"/> (checksummed, atomic). Checkpoints and resumes as
    /// <see cref="Run"/> does; a folder that already holds this shard's finished state for the same inputs is left as it is.
    /// No model is needed (logit effects and token strings come at the merge).
    /// </summary>
    /// <exception cref="InvalidOptionException">No shard named, or inputs that do not fit together.</exception>
    /// <exception cref="Core.Formats.InvalidInputFileException">A missing or malformed input file.</exception>
    /// <exception cref="FolderLockedException">Another command is writing the folder.</exception>
    public static AnalyzeShardResult RunShard(AnalyzeRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var shard = request.Shard ?? throw new InvalidOptionException(nameof(AnalyzeRequest.Shard), "name the shard (i/N) to pass over");
        var (store, compared, sae, hook) = OpenInputs(request);
        var folder = new CatalogFolder(request.Output);
        using var folderLock = FolderLock.Acquire(folder.Directory, "analyze");
        string key = AnalysisCheckpointKey.Of(request, store, compared, sae, hook);
        var (first, end) = StoreAnalysis.ShardTokens(store, shard.Index, shard.Count);
        if (File.Exists(folder.AnalyzeShardPath) && IsStateOf(folder.AnalyzeShardPath, key, shard))
            return new AnalyzeShardResult(folder.AnalyzeShardPath, shard, first, end, AlreadyComplete: true, null, null);

        using var encoder = sae.ToModel();
        bool checkpoints = request.CheckpointEveryChunks > 0;
        var analysis = new StoreAnalysis(store, compared, hook, sae.Config.DSae, TorchSaeEncoder.For(encoder), request.BatchSize, request.Features)
        {
            CheckpointPath = checkpoints ? folder.AnalyzeCheckpointPath : null,
            CheckpointKey = key,
            CheckpointTokens = checkpoints ? (long)request.CheckpointEveryChunks * store.Settings.ChunkTokens : long.MaxValue,
            Shard = (shard.Index, shard.Count),
        };
        string? ignored = analysis.Accumulate(progress, cancellationToken);
        analysis.WriteShardState(folder.AnalyzeShardPath);
        if (analysis.CheckpointPath is { } checkpoint) File.Delete(checkpoint);
        var resumed = analysis.ResumedFrom is { } r ? new AnalysisResume(r.Stage != 0, r.Position) : null;
        return new AnalyzeShardResult(folder.AnalyzeShardPath, shard, first, end, AlreadyComplete: false, resumed, ignored);
    }

    static bool IsStateOf(string path, string key, AnalyzeShard shard)
    {
        try
        {
            var header = StoreAnalysis.ReadShardHeader(path);
            return header.Key == key && header.Index == shard.Index && header.Count == shard.Count;
        }
        catch (Core.Formats.InvalidInputFileException) { return false; }   // damaged or of another version: run the shard again
    }

    /// <summary>Joins all N shard states, in shard order, into the (empty) accumulators of <paramref name="analysis"/>.</summary>
    static void MergeShardStates(StoreAnalysis analysis, IReadOnlyList<string> shards, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var states = new List<(string Path, int Index, int Count)>();
        foreach (string given in shards)
        {
            string path = Directory.Exists(given) ? new CatalogFolder(given).AnalyzeShardPath : given;
            var (key, index, count) = StoreAnalysis.ReadShardHeader(path);
            if (key != analysis.CheckpointKey)
                throw new Core.Formats.InvalidInputFileException(path, "this shard state was computed from other inputs or settings (store, SAE, hook, --batch or an analysis option differs from this command's)");
            states.Add((path, index, count));
        }
        int n = states[0].Count;
        var byIndex = new string?[n];
        foreach (var (path, index, count) in states)
        {
            if (count != n) throw new Core.Formats.InvalidInputFileException(path, $"this is shard {index}/{count}, but {states[0].Path} is one of {n} shards");
            if (byIndex[index] is { } twice) throw new Core.Formats.InvalidInputFileException(path, $"shard {index}/{n} is given twice (also {twice})");
            byIndex[index] = path;
        }
        int missing = Array.IndexOf(byIndex, null);
        if (missing >= 0)
            throw new InvalidOptionException(nameof(AnalyzeRequest.MergeShards), $"{states.Count} shard states given, the analysis has {n} shards: shard {missing}/{n} is missing");
        for (int i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            analysis.AppendShard(byIndex[i]!, i, n);
            progress.Tell(new WorkProgress("merge", i + 1, n, "shards"));
        }
    }

    /// <summary>Opens the store(s) and the SAE and checks they fit: the hook to read, widths.</summary>
    static (ActivationStoreReader Store, ActivationStoreReader? Compared, LoadedSae Sae, string Hook) OpenInputs(AnalyzeRequest request)
    {
        var store = ActivationStoreReader.Open(request.Store);
        var sae = SaeFiles.Load(request.Sae);
        // An SAE trained at one hook says nothing about another: its hook must be in the store (or be named explicitly).
        if (request.Hook is null && sae.Config.HookName is { Length: > 0 } saeHook && !store.Hooks.Contains(saeHook))
            throw new InvalidOptionException(nameof(AnalyzeRequest.Sae),
                $"the SAE reads {saeHook} but the store {request.Store} holds only {string.Join(", ", store.Hooks)}; use the store of the SAE's hook, or --hook to read another hook on purpose");
        string hook = request.Hook
            ?? (sae.Config.HookName is { Length: > 0 } h ? h
                : store.Hooks.Count == 1 ? store.Hooks[0]
                : throw new InvalidOptionException(nameof(AnalyzeRequest.Hook), $"the store has hooks {string.Join(", ", store.Hooks)}; name the hook to read"));
        if (sae.Config.DIn != store.DModel)
            throw new InvalidOptionException(nameof(AnalyzeRequest.Sae), $"the SAE reads d_in {sae.Config.DIn}, the store holds d_model {store.DModel}");
        var compared = request.CompareStore is null ? null : ActivationStoreReader.Open(request.CompareStore);
        if (compared is not null && (compared.DModel != store.DModel || !compared.Hooks.Contains(hook)))
            throw new InvalidOptionException(nameof(AnalyzeRequest.CompareStore), $"the compared store {request.CompareStore} must hold hook {hook} with d_model {store.DModel}");
        if (!store.Hooks.Contains(hook))
            throw new InvalidOptionException(nameof(AnalyzeRequest.Hook), $"the store {request.Store} has no hook {hook} (it holds {string.Join(", ", store.Hooks)})");

        return (store, compared, sae, hook);
    }
}
