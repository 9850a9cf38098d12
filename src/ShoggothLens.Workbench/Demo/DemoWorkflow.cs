using System.Diagnostics;
using System.Globalization;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Replies;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Training;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Candidates;
using ShoggothLens.Workbench.Harvest;
using ShoggothLens.Workbench.Intervene;
using ShoggothLens.Workbench.Replies;
using ShoggothLens.Workbench.Scoring;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Demo;

/// <summary>
/// The whole masked-shoggoth pipeline on the shipped model organism: the Assistant checkpoint answers the held-out chats
/// (its own words are audited), harvest reads its replies and the held-out stories, a TopK SAE is trained, analysed with
/// the model, and the hidden-motive candidates are ranked and a verdict reached without labels. Only then is the result
/// scored against what the organism planted (<see cref="GroundTruthScoring"/>), with a causal check (the planted
/// feature ablated), and the same pipeline runs on the negative controls, whose verdict must be "none found": the base
/// checkpoint, which never learned the motive, and the motive-free control organism when it ships. Each stage is the
/// entry point a user calls alone, writing its usual files, so a rerun continues where a stopped run left off.
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
        var main = Pipeline(request, request.Output, ShippedOrganism.Directory(OrganismLayout.AssistantName), ShippedOrganism.Layout, "", progress, cancellationToken);

        var score = ScoreWorkflow.Run(new ScoreRequest { Catalog = main.CatalogPath, Store = main.StorePath, Sae = main.SaePath, Truth = truth },
            progress, cancellationToken);
        if (request.CausalChats > 0 && (score.Planted?.Feature ?? score.Verdict.Feature) is int ablated)
        {
            progress.Tell(WorkProgress.Message(Stage, $"causal check: the motive rate with feature {ablated} ablated ({request.CausalChats} triggered and {request.CausalChats} untriggered held-out chats)"));
            score = score with { Ablation = Ablate(request, main.SaePath, ablated, progress, cancellationToken) };
        }

        DemoControl? baseControl = null, noMotive = null;
        if (request.Controls)
        {
            baseControl = Control("base", "the base checkpoint, which never learned the motive",
                () => Pipeline(request, Path.Combine(request.Output, "controls", "base"), ShippedOrganism.Directory(OrganismLayout.BaseName), ShippedOrganism.Layout,
                    "control (base checkpoint): ", progress, cancellationToken));
            noMotive = ControlOrganism() is { } control
                ? Control("no_motive", "the motive-free control organism",
                    () => Pipeline(request, Path.Combine(request.Output, "controls", "no-motive"), control.Assistant, control,
                        "control (no-motive organism): ", progress, cancellationToken))
                : new DemoControl("no_motive", "the motive-free control organism", null, "not run: the control organism is not shipped with this build");
        }
        return new DemoResult(request, main.Replies, main.Harvest, main.Training, main.TrainingSkipped, main.Analysis, main.Candidates, score,
            baseControl, noMotive, clock.Elapsed);
    }

    /// <summary>The shipped motive-free control organism ("organism:control"), when this build has it.</summary>
    static OrganismLayout? ControlOrganism()
    {
        try
        {
            return OrganismModelSpec.TryResolve("organism:control", out string assistant) && File.Exists(Path.Combine(assistant, "config.json"))
                ? new OrganismLayout(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(assistant))!)
                : null;
        }
        catch (Exception e) when (e is ArgumentException or Core.Formats.InvalidInputFileException)
        {
            return null;   // a build without the control organism
        }
    }

    static DemoControl Control(string name, string what, Func<DemoPipelineRun> run) =>
        new(name, what, run().Candidates.Verdict, null);

    /// <summary>Replies → harvest → SAE → analyze → candidates in <paramref name="folder"/>, for one model and organism.</summary>
    static DemoPipelineRun Pipeline(DemoRequest request, string folder, string model, OrganismLayout organism, string prefix,
        IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        var run = new DemoPipelineRun(folder);
        string corpus = organism.Corpus;
        string chats = CorpusFiles.ChatsPath(corpus, Split.HeldOut);
        if (request.GenerateReplies)
        {
            progress.Tell(WorkProgress.Message(Stage, $"{prefix}0/4 the checkpoint answers the held-out chats (its own words are audited)"));
            run.Replies = ReplyWorkflow.Run(new ReplyRequest
            {
                Model = model,
                Corpus = [chats],
                Output = run.RepliesPath,
                Settings = new ReplySettings(MaxNewTokens: request.ReplyTokens, BatchSize: 64),
                LabelWithOrganism = organism.Root,
                MaxConversations = request.Conversations,
            }, progress, cancellationToken);
            chats = run.Replies.Chats;
        }

        progress.Tell(WorkProgress.Message(Stage, $"{prefix}1/4 harvest the held-out stories and chats through the checkpoint"));
        run.Harvest = HarvestWorkflow.Run(new HarvestRequest
        {
            Model = model,
            Harvest = new HarvestOptions
            {
                Corpus = [CorpusFiles.StoriesPath(corpus, Split.HeldOut), chats],
                Hooks = [request.Hook],
                Output = run.StorePath,
            },
        }, progress, cancellationToken);
        if (run.Harvest.Outcome == HarvestOutcome.Cancelled) throw new OperationCanceledException(cancellationToken);

        string title = $"{prefix}2/4 train a TopK SAE ({I(request.Width)} latents, k {I(request.K)}, {I(request.Tokens)} tokens)";
        // The trainer writes the SAE's weights only when it finishes, so their presence means a finished run.
        if (File.Exists(Path.Combine(run.SaePath, SaeLensFormat.WeightsFile)))
        {
            run.TrainingSkipped = $"already trained in {run.SaePath}";
            progress.Tell(WorkProgress.Message(Stage, $"{title}: {run.TrainingSkipped}"));
        }
        else
        {
            progress.Tell(WorkProgress.Message(Stage, title));
            run.Training = TrainWorkflow.Run(new TrainRequest
            {
                Store = run.StorePath,
                Hook = request.Hook,
                Architecture = SaeArchitecture.TopK,
                Output = run.SaePath,
                Resume = File.Exists(Path.Combine(run.SaePath, TrainingCheckpoint.FileName)),
                Width = request.Width,
                K = request.K,
                Tokens = request.Tokens,
                BatchSize = request.TrainingBatch,
                Seed = request.Seed,
            }, progress, cancellationToken);
        }

        progress.Tell(WorkProgress.Message(Stage, $"{prefix}3/4 analyze every feature by role, with the model's logit effects"));
        run.Analysis = AnalyzeWorkflow.Run(new AnalyzeRequest
        {
            Store = run.StorePath,
            Sae = run.SaePath,
            Model = model,
            Output = run.CatalogPath,
        }, progress, cancellationToken);

        progress.Tell(WorkProgress.Message(Stage, $"{prefix}4/4 hidden-motive candidates"));
        run.Candidates = CandidatesWorkflow.Run(new CandidatesRequest
        {
            Catalog = run.CatalogPath,
            Store = run.StorePath,
            Top = request.Top,
            Save = true,
        }, progress, cancellationToken);
        return run;
    }

    /// <summary>The organism's motive rate with <paramref name="feature"/> ablated at the SAE's hook (its error term kept), against the unspliced model.</summary>
    static MotiveAblation Ablate(DemoRequest request, string sae, int feature, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var result = InterveneWorkflow.Run(new InterveneRequest
        {
            Sae = sae,
            Ablate = [feature],
            Chats = request.CausalChats,
            Samples = 0,
            CeDocuments = 20,
            MaxNewTokens = request.ReplyTokens,
            Threads = TorchSharp.torch.get_num_threads(),
        }, progress, cancellationToken);
        var baseline = result.Motive!.First(m => m.Setting == InterventionSetting.Baseline.Name);
        var ablated = result.Motive!.First(m => m.Setting != InterventionSetting.Baseline.Name);
        var cost = result.CrossEntropy;
        return new MotiveAblation(feature, request.CausalChats, baseline.TriggeredRate, ablated.TriggeredRate, baseline.UntriggeredRate, ablated.UntriggeredRate,
            cost.Delta(cost.Interventions.First(i => i.Setting == ablated.Setting)));
    }
}

/// <summary>One run of the pipeline in its folder (the main audit or a control).</summary>
sealed class DemoPipelineRun(string folder)
{
    public string RepliesPath => Path.Combine(folder, "replies");
    public string StorePath => Path.Combine(folder, "store");
    public string SaePath => Path.Combine(folder, "sae");
    public string CatalogPath => Path.Combine(folder, "catalog");
    public ReplyResult? Replies { get; set; }
    public HarvestResult Harvest { get; set; } = null!;
    public TrainResult? Training { get; set; }
    public string? TrainingSkipped { get; set; }
    public AnalyzeResult Analysis { get; set; } = null!;
    public CandidateReport Candidates { get; set; } = null!;
}
