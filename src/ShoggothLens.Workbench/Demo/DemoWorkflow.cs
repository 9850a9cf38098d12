using System.Diagnostics;
using System.Globalization;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Training;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Harvest;
using ShoggothLens.Workbench.Scoring;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Demo;

/// <summary>
/// The whole masked-shoggoth pipeline on the shipped model organism: harvest the held-out corpus through the
/// Assistant checkpoint, train a TopK SAE, analyse it with the model, rank the hidden-motive candidates, and score
/// the result against what the organism planted (<see cref="ShippedOrganism.GroundTruth"/>): the candidates are ranked and
/// the verdict reached without labels; only the score then reads them, to say where the first candidate whose home persona
/// is the covert character and whose leaks share the trigger ranks, and whether the verdict names the trigger. Each stage is the
/// same entry point a user calls alone, writing its usual files, so any stage can be rerun; a rerun continues where
/// a stopped run left off (the harvest resumes, a trained SAE is kept, a stopped training resumes).
/// </summary>
public static class DemoWorkflow
{
    /// <summary>The stage name of the demo's own notes (one per stage: "1/4 harvest …").</summary>
    public const string Stage = "demo";

    /// <param name="progress">A note as each stage starts (or is skipped, with the reason), then the stage's own reports.</param>
    /// <param name="cancellationToken">Stops the running stage where it can resume, then throws <see cref="OperationCanceledException"/>.</param>
    public static DemoResult Run(DemoRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var clock = Stopwatch.StartNew();
        var truth = ShippedOrganism.GroundTruth;
        string corpus = ShippedOrganism.Layout.Corpus;
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);

        progress.Tell(WorkProgress.Message(Stage, "1/4 harvest the held-out corpus through the Assistant checkpoint"));
        var harvest = HarvestWorkflow.Run(new HarvestRequest
        {
            Model = ShippedOrganism.Directory(OrganismLayout.AssistantName),
            Harvest = new HarvestOptions
            {
                Corpus = [CorpusFiles.StoriesPath(corpus, Split.HeldOut), CorpusFiles.ChatsPath(corpus, Split.HeldOut)],
                Hooks = [request.Hook],
                Output = request.StorePath,
            },
        }, progress, cancellationToken);
        if (harvest.Outcome == HarvestOutcome.Cancelled) throw new OperationCanceledException(cancellationToken);

        string title = $"2/4 train a TopK SAE ({I(request.Width)} latents, k {I(request.K)}, {I(request.Tokens)} tokens)";
        TrainResult? training = null;
        string? skipped = null;
        // The trainer writes the SAE's weights only when it finishes, so their presence means a finished run.
        if (File.Exists(Path.Combine(request.SaePath, SaeLensFormat.WeightsFile)))
        {
            skipped = $"already trained in {request.SaePath}";
            progress.Tell(WorkProgress.Message(Stage, $"{title}: {skipped}"));
        }
        else
        {
            progress.Tell(WorkProgress.Message(Stage, title));
            training = TrainWorkflow.Run(new TrainRequest
            {
                Store = request.StorePath,
                Hook = request.Hook,
                Architecture = SaeArchitecture.TopK,
                Output = request.SaePath,
                Resume = File.Exists(Path.Combine(request.SaePath, TrainingCheckpoint.FileName)),
                Width = request.Width,
                K = request.K,
                Tokens = request.Tokens,
                BatchSize = request.TrainingBatch,
                Seed = request.Seed,
            }, progress, cancellationToken);
        }

        progress.Tell(WorkProgress.Message(Stage, "3/4 analyze every feature by role, with the model's logit effects"));
        var analysis = AnalyzeWorkflow.Run(new AnalyzeRequest
        {
            Store = request.StorePath,
            Sae = request.SaePath,
            Model = ShippedOrganism.Directory(OrganismLayout.AssistantName),
            Output = request.CatalogPath,
        }, progress, cancellationToken);

        progress.Tell(WorkProgress.Message(Stage, "4/4 hidden-motive candidates"));
        var candidates = CandidatesWorkflow.Run(new CandidatesRequest
        {
            Catalog = request.CatalogPath,
            Store = request.StorePath,
            Top = request.Top,
            Save = true,
        }, progress, cancellationToken);
        var score = ScoreWorkflow.Run(new ScoreRequest { Catalog = request.CatalogPath, Store = request.StorePath, Truth = truth }, progress, cancellationToken);
        return new DemoResult(request, harvest, training, skipped, analysis, candidates, score, clock.Elapsed);
    }
}
