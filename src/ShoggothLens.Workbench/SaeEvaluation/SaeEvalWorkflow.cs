using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Evaluation;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Metrics;

namespace ShoggothLens.Workbench.SaeEvaluation;

/// <summary>
/// Evaluate an SAE (SAE folder + store → metrics): reconstruction quality over the store's first tokens, and with a
/// model the cross-entropy loss recovered when the SAE's reconstruction replaces the activations at its hook.
/// </summary>
public static class SaeEvalWorkflow
{
    public const string Stage = "evaluate", CeStage = "CE loss";
    const int BatchTokens = 4096;

    /// <summary>Evaluates. Progress: tokens evaluated of the limit (or the store); cancellation throws <see cref="OperationCanceledException"/>.</summary>
    /// <exception cref="InvalidOptionException">No hook to read, or a token limit below 1.</exception>
    public static SaeEvalResult Evaluate(SaeEvalRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var loaded = SaeFiles.Load(request.Sae);
        var reader = ActivationStoreReader.Open(request.Store);
        string hook = request.Hook ?? loaded.Config.HookName
            ?? throw new InvalidOptionException(nameof(SaeEvalRequest.Hook), "the SAE names no hook; give the hook point to read");
        reader.HookIndex(hook);
        if (reader.DModel != loaded.Config.DIn)
            throw new ArgumentException($"the store's d_model is {reader.DModel}, the SAE's d_in {loaded.Config.DIn}");
        long limit = request.Tokens;
        if (limit < 1) throw new InvalidOptionException(nameof(SaeEvalRequest.Tokens), "the evaluation tokens must be positive");
        using var sae = loaded.ToModel();

        var evaluator = new SaeEvaluator(sae);
        long total = Math.Min(limit, reader.Tokens);
        using (var sequential = new SequentialBatchReader(reader, hook))
        {
            var batch = new ActivationBatch(BatchTokens, reader.DModel);
            while (evaluator.Tokens < limit && sequential.Next(batch))
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = (int)Math.Min(batch.Count, limit - evaluator.Tokens);
                evaluator.Add(batch.Activations.AsSpan(0, n * reader.DModel));
                progress.Tell(new WorkProgress(Stage, evaluator.Tokens, total, "tokens"));
            }
        }
        CeLossRecovered? ce = null;
        if (request.Model is { } modelSpec)
        {
            using var lm = ModelLoader.Load(OrganismModelSpec.Resolve(modelSpec));
            if (lm.Config.DModel != loaded.Config.DIn)
                throw new ArgumentException($"the model's d_model is {lm.Config.DModel}, the SAE's d_in {loaded.Config.DIn}");
            progress.Tell(new WorkProgress(CeStage, 0, request.CeTokens, "tokens"));
            var windows = StoreWindows.Read(reader, hook, request.CeTokens);
            var losses = SpliceCrossEntropy.Evaluate(lm, hook, x => sae.Reconstruct(x), windows, cancellationToken);
            ce = new CeLossRecovered(losses.Clean, losses.Spliced, losses.ZeroAblation, losses.Tokens);
            progress.Tell(new WorkProgress(CeStage, losses.Tokens, losses.Tokens, "tokens"));
        }
        return new SaeEvalResult(loaded.Path, hook, evaluator.Result(ce), ce);
    }
}
