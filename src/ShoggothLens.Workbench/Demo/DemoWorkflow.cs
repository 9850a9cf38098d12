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
/// The whole masked-shoggoth pipeline on a model organism (the shipped one, or any folder <c>organism build</c> wrote): the Assistant checkpoint answers the held-out chats
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
    /// <exception cref="InvalidOptionException"><see cref="DemoRequest.Organism"/> is not a built organism folder.</exception>
    public static DemoResult Run(DemoRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var clock = Stopwatch.StartNew();
        var organism = Organism(request);
        // Ground truth comes from the organism's own spec; a motive-free organism has none and is not scored.
        var truth = OrganismGroundTruth.ForOrganism(organism);
        bool hasBase = File.Exists(Path.Combine(organism.Base, "config.json"));
        var hooks = ResolveHooks(request, organism.Assistant);
        var times = new DemoStageTimes();

        // The controls share nothing with the audit but the request: they run alongside it (pipeline, score and causal
        // check) and each other, each reporting under its own stage names (one report at a time); on 2 cores this keeps
        // both busy where most stages use one.
        var gate = new object();
        var shown = ConcurrentProgress.Wrap(progress, "", gate);
        using var controlsCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<DemoControl>? baseTask = null, noMotiveTask = null;
        if (request.Controls)
        {
            const string baseWhat = "the base checkpoint, which never learned the motive", noMotiveWhat = "the motive-free control organism";
            baseTask = hasBase
                ? Concurrent(controlsCancel, () => Control("base", baseWhat,
                    () => Pipeline(request, hooks, Path.Combine(request.Output, "controls", "base"), organism.Base, organism,
                        "control (base checkpoint): ", ConcurrentProgress.Wrap(progress, "base: ", gate), controlsCancel.Token,
                        times: times.Prefixed("control base: "))))
                : Task.FromResult(new DemoControl("base", baseWhat, null, $"not run: {organism.Base} holds no checkpoint"));
            var control = ControlOrganism();
            noMotiveTask = control is not null
                ? Concurrent(controlsCancel, () => Control("no_motive", noMotiveWhat,
                    () => Pipeline(request, hooks, Path.Combine(request.Output, "controls", "no-motive"), control.Assistant, control,
                        "control (no-motive organism): ", ConcurrentProgress.Wrap(progress, "no_motive: ", gate), controlsCancel.Token,
                        times: times.Prefixed("control no_motive: "))))
                : Task.FromResult(new DemoControl("no_motive", noMotiveWhat, null, "not run: the control organism is not shipped with this build"));
        }
        progress = shown;
        DemoPipelineRun main;
        try
        {
            main = Pipeline(request, hooks, request.Output, organism.Assistant, organism, "", progress, cancellationToken,
                compareWith: request.ModelDiff && hasBase ? organism.Base : null, times: times);
        }
        catch
        {
            StopControls(controlsCancel, baseTask, noMotiveTask);
            throw;
        }

        ScoreResult? score = null;
        List<ScoreResult>? layerScores = null;
        string? scoreNotRun = null;
        try
        {
            if (truth is not null)
            {
                try
                {
                    // Every hook is scored (ground truth, for the report's per-hook table); the chosen hook's score is the audit's.
                    layerScores = times.Time("score", () => main.Layers.Select(layer => ScoreWorkflow.Run(
                        new ScoreRequest { Catalog = layer.CatalogPath, Store = main.StorePath, Sae = layer.SaePath, Truth = truth, Report = layer.Candidates },
                        progress, cancellationToken)).ToList());
                    score = layerScores[main.ChosenIndex];
                }
                catch (GroundTruthUnavailableException e)
                {
                    // The audit itself stands (candidates, verdict, controls); only its score against the truth is missing.
                    scoreNotRun = e.Message;
                    progress.Tell(WorkProgress.Message(Stage, $"not scored: {e.Message}"));
                }
                // The first planted feature the label-free report ranks: a candidate, else the trigger state's (its features need no
                // home persona), else the verdict's own feature.
                if (score is not null && request.CausalChats > 0 && (score.Planted?.Feature ?? score.StatePlanted?.Feature ?? score.Verdict.Feature) is int feature)
                {
                    progress.Tell(WorkProgress.Message(Stage, $"causal check: the motive rate with feature {feature} ablated, and steered at α = " +
                        $"{string.Join(", ", request.SteerAlphas.Select(a => a.ToString("G4", CultureInfo.InvariantCulture)))} " +
                        $"({request.CausalChats} triggered and {request.CausalChats} untriggered held-out chats)"));
                    var separating = score.Separating is { Count: > 0 } sep ? sep.Select(f => f.Feature).ToList() : null;
                    var check = times.Time("causal check",
                        () => CausalCheck(request, organism, main.Chosen.SaePath, feature, main.Candidates, separating, progress, cancellationToken));
                    score = score with
                    {
                        Ablation = check.Ablation, Steering = check.Steering, ReaderAblation = check.Readers, SeparatingAblation = check.Separating,
                        TriggerStateAblation = check.TriggerState,
                    };
                }
            }
        }
        catch
        {
            StopControls(controlsCancel, baseTask, noMotiveTask);
            throw;
        }
        var controls = new[] { baseTask, noMotiveTask }.OfType<Task<DemoControl>>().ToArray();
        try { Task.WaitAll(controls); }
        catch (AggregateException e)
        {
            // The failure itself, not the other control's cancellation that it caused.
            var cause = e.InnerExceptions.FirstOrDefault(x => x is not OperationCanceledException) ?? e.InnerExceptions[0];
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
        }
        DemoControl? baseControl = baseTask?.Result, noMotive = noMotiveTask?.Result;
        var layers = main.Layers.Select((l, i) => new DemoLayer(l.Hook, l.SaePath, l.CatalogPath, l.Candidates,
            i == main.ChosenIndex ? score : layerScores?[i])).ToList();
        var chosen = main.Chosen;
        return new DemoResult(request, organism.Root, main.Replies, main.Harvest, chosen.Training, chosen.TrainingSkipped, chosen.Analysis, chosen.Candidates, score,
            baseControl, noMotive, clock.Elapsed, scoreNotRun, times.Stages)
        {
            Layers = layers, ChosenLayer = main.ChosenIndex, StorePath = main.StorePath, LayerChoice = main.ChoiceReason,
        };
    }

    /// <summary>The organism the demo audits: <see cref="DemoRequest.Organism"/>, or the shipped one.</summary>
    static OrganismLayout Organism(DemoRequest request)
    {
        if (request.Organism is not { } dir) return ShippedOrganism.Layout;
        var layout = new OrganismLayout(Path.GetFullPath(dir));
        if (!File.Exists(Path.Combine(layout.Assistant, "config.json")) || !Directory.Exists(layout.Corpus))
            throw new InvalidOptionException(nameof(DemoRequest.Organism),
                $"{dir} is not a built organism folder (it needs assistant/config.json and corpus/; `shoggoth organism build` writes one)");
        return layout;
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

    /// <summary>The audit failed or was cancelled: stop the controls too, and wait for them to leave their folders resumable.</summary>
    static void StopControls(CancellationTokenSource cancel, params Task?[] controls)
    {
        cancel.Cancel();
        try { Task.WaitAll([.. controls.OfType<Task>()]); }
        catch (AggregateException) { }
    }

    /// <summary>Runs a control on its own thread; its failure stops the other control (<paramref name="cancel"/>).</summary>
    static Task<DemoControl> Concurrent(CancellationTokenSource cancel, Func<DemoControl> run) => Task.Factory.StartNew(() =>
    {
        try { return run(); }
        catch
        {
            cancel.Cancel();
            throw;
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    static DemoControl Control(string name, string what, Func<DemoPipelineRun> run)
    {
        var done = run();
        return new DemoControl(name, what, done.Candidates.Verdict, null, done.Layers.Count > 1 ? done.Chosen.Hook : null);
    }

    /// <summary>Replies → harvest → SAE → analyze → candidates in <paramref name="folder"/>, for one model and organism, at
    /// each of <paramref name="hooks"/> (one store holds them all); the report is that of the hook <see cref="DemoLayerChoice"/> picks.</summary>
    /// <param name="compareWith">A second checkpoint (the base) to read the same stories and replies through, for the model diff; null: none.</param>
    static DemoPipelineRun Pipeline(DemoRequest request, IReadOnlyList<string> hooks, string folder, string model, OrganismLayout organism, string prefix,
        IProgress<WorkProgress>? progress, CancellationToken cancellationToken, string? compareWith = null, DemoStageTimes? times = null)
    {
        times ??= new DemoStageTimes();
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        var run = new DemoPipelineRun(folder, hooks);
        string corpus = organism.Corpus;
        string chats = CorpusFiles.ChatsPath(corpus, Split.HeldOut);
        if (request.GenerateReplies)
        {
            progress.Tell(WorkProgress.Message(Stage, $"{prefix}0/4 the checkpoint answers the held-out chats (its own words are audited)"));
            run.Replies = times.Time("replies", () => ReplyWorkflow.Run(new ReplyRequest
            {
                Model = model,
                Corpus = [chats],
                Output = run.RepliesPath,
                Settings = new ReplySettings(MaxNewTokens: request.ReplyTokens, BatchSize: 128),
                LabelWithOrganism = organism.Root,
                MaxConversations = request.Conversations,
            }, progress, cancellationToken));
            chats = run.Replies.Chats;
        }

        string at = hooks.Count == 1 ? hooks[0] : $"{hooks.Count} hooks";
        progress.Tell(WorkProgress.Message(Stage, $"{prefix}1/4 harvest the held-out stories and chats through the checkpoint at {at}"));
        string[] texts = [CorpusFiles.StoriesPath(corpus, Split.HeldOut), chats];
        run.Harvest = times.Time("harvest", () => Harvest(model, texts, hooks, run.StorePath, progress, cancellationToken));
        if (compareWith is not null)
        {
            progress.Tell(WorkProgress.Message(Stage, $"{prefix}1/4 model diff: the same stories and replies through the base checkpoint"));
            times.Time("model diff harvest", () => Harvest(compareWith, texts, hooks, run.CompareStorePath, progress, cancellationToken));
        }

        foreach (var layer in run.Layers)
        {
            // One hook: the stage names of a single audit; several: each stage named with its hook.
            string of = hooks.Count == 1 ? "" : $" at {layer.Hook}";
            string stage(string name) => hooks.Count == 1 ? name : $"{name} {layer.Hook}";
            string title = $"{prefix}2/4 train a TopK SAE{of} ({I(request.Width)} latents, k {I(request.K)}, {I(request.Tokens)} tokens)";
            // The trainer writes the SAE's weights only when it finishes, so their presence means a finished run.
            if (File.Exists(Path.Combine(layer.SaePath, SaeLensFormat.WeightsFile)))
            {
                layer.TrainingSkipped = $"already trained in {layer.SaePath}";
                progress.Tell(WorkProgress.Message(Stage, $"{title}: {layer.TrainingSkipped}"));
            }
            else
            {
                progress.Tell(WorkProgress.Message(Stage, title));
                layer.Training = times.Time(stage("train"), () => TrainWorkflow.Run(new TrainRequest
                {
                    Store = run.StorePath,
                    Hook = layer.Hook,
                    Architecture = SaeArchitecture.TopK,
                    Output = layer.SaePath,
                    Resume = File.Exists(Path.Combine(layer.SaePath, TrainingCheckpoint.FileName)),
                    Width = request.Width,
                    K = request.K,
                    Tokens = request.Tokens,
                    BatchSize = request.TrainingBatch,
                    Seed = request.Seed,
                }, progress, cancellationToken));
            }

            progress.Tell(WorkProgress.Message(Stage, $"{prefix}3/4 analyze every feature by role{of}, with the model's logit effects"));
            layer.Analysis = times.Time(stage("analyze"), () => AnalyzeWorkflow.Run(new AnalyzeRequest
            {
                Store = run.StorePath,
                Sae = layer.SaePath,
                Model = model,
                Output = layer.CatalogPath,
                CompareStore = compareWith is null ? null : run.CompareStorePath,
            }, progress, cancellationToken));

            progress.Tell(WorkProgress.Message(Stage, $"{prefix}4/4 hidden-motive candidates{of}"));
            layer.Candidates = times.Time(stage("candidates"), () => CandidatesWorkflow.Run(new CandidatesRequest
            {
                Catalog = layer.CatalogPath,
                Store = run.StorePath,
                // Every candidate is saved (the pages and the review queue read the whole report); the CLI prints the first Top.
                Top = int.MaxValue,
                Save = true,
            }, progress, cancellationToken));
        }
        (run.ChosenIndex, run.ChoiceReason) = hooks.Count == 1
            ? (0, null)
            : DemoLayerChoice.Choose(hooks, run.Layers.Select(l => l.Candidates).ToList());
        if (run.ChoiceReason is { } reason) progress.Tell(WorkProgress.Message(Stage, $"{prefix}the audit reports {reason}"));
        return run;
    }

    /// <summary><see cref="DemoRequest.Hooks"/> as hook names: <see cref="DemoRequest.AllHooks"/> is every block's residual stream of <paramref name="model"/>.</summary>
    static IReadOnlyList<string> ResolveHooks(DemoRequest request, string model)
    {
        if (request.Hooks is not [DemoRequest.AllHooks]) return request.Hooks;
        int layers = ShoggothLens.Models.Transformers.ModelLoader.ReadConfig(model).NLayers;
        return Enumerable.Range(0, layers).Select(l => $"blocks.{l.ToString(CultureInfo.InvariantCulture)}.hook_resid_post").ToList();
    }

    /// <summary>The hooks of <paramref name="corpus"/> through <paramref name="model"/> into <paramref name="output"/> (resumes a partial store).</summary>
    static HarvestResult Harvest(string model, string[] corpus, IReadOnlyList<string> hooks, string output, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        var result = HarvestWorkflow.Run(new HarvestRequest
        {
            Model = model,
            Harvest = new HarvestOptions { Corpus = corpus, Hooks = [.. hooks], Output = output },
        }, progress, cancellationToken);
        return result.Outcome == HarvestOutcome.Cancelled ? throw new OperationCanceledException(cancellationToken) : result;
    }

    /// <summary>
    /// The organism's motive rate with <paramref name="feature"/> ablated, and steered along its decoder direction at each
    /// of <see cref="DemoRequest.SteerAlphas"/>, at the SAE's hook (error term kept), against the unspliced model: one
    /// intervention run, so every setting answers the same chats. Also ablated, each set together: the verdict's trigger
    /// readers (label-free), and every feature that separates before the motive (<paramref name="separating"/>, chosen
    /// with the labels: scoring only).
    /// </summary>
    static (MotiveAblation Ablation, MotiveSteering? Steering, ReaderAblation? Readers, SeparatingAblation? Separating, ReaderAblation? TriggerState) CausalCheck(DemoRequest request,
        OrganismLayout organism, string sae, int feature, CandidateReport report, IReadOnlyList<int>? separating, IProgress<WorkProgress>? progress,
        CancellationToken cancellationToken)
    {
        var readers = report.TriggerReaders is { Count: > 0 } r ? r.Select(x => x.Feature).ToList() : null;
        var state = report.TriggerState is { Count: > 0 } ts ? ts.Select(x => x.Feature).ToList() : null;
        // One feature alone is the single ablation already run.
        if (separating is { Count: 1 } && separating[0] == feature) separating = null;
        List<IReadOnlyList<int>> sets = [];
        if (readers is not null) sets.Add(readers);
        if (separating is not null) sets.Add(separating);
        if (state is not null) sets.Add(state);
        var result = InterveneWorkflow.Run(new InterveneRequest
        {
            Model = organism.Assistant,
            Organism = organism.Root,
            Sae = sae,
            Ablate = [feature],
            AlsoAblate = sets,
            Steer = request.SteerAlphas.Count > 0 ? feature : null,
            Alphas = request.SteerAlphas,
            Chats = request.CausalChats,
            Samples = 0,
            CeDocuments = 20,
            MaxNewTokens = request.ReplyTokens,
            Threads = TorchSharp.torch.get_num_threads(),
        }, progress, cancellationToken);
        var settings = result.Settings.Where(s => !s.IsBaseline).ToList();
        var baseline = result.RateOf(InterventionSetting.Baseline.Name);
        var ablated = result.RateOf(settings[0].Name);
        var ablation = new MotiveAblation(feature, request.CausalChats, baseline.TriggeredRate, ablated.TriggeredRate, baseline.UntriggeredRate,
            ablated.UntriggeredRate, result.CostOf(settings[0].Name));
        // Each feature set ablated together: its motive rates and CE cost on the same chats as the baseline.
        (double Triggered, double Untriggered, double Cost) Jointly(IReadOnlyList<int> set)
        {
            var name = InterventionSetting.Ablation(set).Name;
            var rate = result.RateOf(name);
            return (rate.TriggeredRate, rate.UntriggeredRate, result.CostOf(name));
        }
        ReaderAblation? SetAblation(IReadOnlyList<int>? set)
        {
            if (set is null) return null;
            var (triggered, untriggered, cost) = Jointly(set);
            return new ReaderAblation(report.Verdict.Trigger!.Term, set, request.CausalChats, baseline.TriggeredRate, triggered, baseline.UntriggeredRate, untriggered, cost);
        }
        var readerAblation = SetAblation(readers);
        var stateAblation = SetAblation(state);
        SeparatingAblation? separatingAblation = null;
        if (separating is not null)
        {
            var (triggered, untriggered, cost) = Jointly(separating);
            separatingAblation = new SeparatingAblation(separating, request.CausalChats, baseline.TriggeredRate, triggered, baseline.UntriggeredRate, untriggered, cost);
        }
        var steered = settings.Where(s => s.Edit!.Steer.Count > 0).ToList();
        if (steered.Count == 0) return (ablation, null, readerAblation, separatingAblation, stateAblation);
        var points = steered.Select((s, i) =>
        {
            var rate = result.RateOf(s.Name);
            return new SteeringPoint(request.SteerAlphas[i], rate.TriggeredRate, rate.UntriggeredRate, result.CostOf(s.Name));
        }).ToList();
        return (ablation, new MotiveSteering(feature, request.CausalChats, baseline.UntriggeredRate, points), readerAblation, separatingAblation, stateAblation);
    }
}

/// <summary>One run of the pipeline in its folder (the main audit or a control): one store, and an SAE, catalog and
/// report per hook. One hook keeps the single audit's layout (<c>store/</c>, <c>sae/</c>, <c>catalog/</c>); several put
/// the store in <c>layers/store</c> and each hook's SAE and catalog in <c>layers/HOOK/</c>.</summary>
sealed class DemoPipelineRun
{
    readonly string _folder;
    readonly bool _layered;

    public DemoPipelineRun(string folder, IReadOnlyList<string> hooks)
    {
        _folder = folder;
        _layered = hooks.Count > 1;
        Layers = hooks.Select(h => _layered
            ? new DemoPipelineLayer(h, Path.Combine(folder, "layers", h, "sae"), Path.Combine(folder, "layers", h, "catalog"))
            : new DemoPipelineLayer(h, Path.Combine(folder, "sae"), Path.Combine(folder, "catalog"))).ToList();
    }

    public string RepliesPath => Path.Combine(_folder, "replies");
    public string StorePath => _layered ? Path.Combine(_folder, "layers", "store") : Path.Combine(_folder, "store");
    public string CompareStorePath => _layered ? Path.Combine(_folder, "layers", "compare-store") : Path.Combine(_folder, "compare-store");
    public IReadOnlyList<DemoPipelineLayer> Layers { get; }
    public int ChosenIndex { get; set; }
    public string? ChoiceReason { get; set; }
    public DemoPipelineLayer Chosen => Layers[ChosenIndex];
    public ReplyResult? Replies { get; set; }
    public HarvestResult Harvest { get; set; } = null!;
    public CandidateReport Candidates => Chosen.Candidates;
}

/// <summary>One hook's SAE, catalog and report within a <see cref="DemoPipelineRun"/>.</summary>
sealed class DemoPipelineLayer(string hook, string saePath, string catalogPath)
{
    public string Hook => hook;
    public string SaePath => saePath;
    public string CatalogPath => catalogPath;
    public TrainResult? Training { get; set; }
    public string? TrainingSkipped { get; set; }
    public AnalyzeResult Analysis { get; set; } = null!;
    public CandidateReport Candidates { get; set; } = null!;
}

/// <summary>Wall-clock seconds of each stage the demo ran, in order (where the time goes: the issue's target is two minutes).</summary>
public sealed record DemoStageTime(string Stage, double Seconds);

/// <summary>Progress from stages that run at once: one report at a time (the display keeps state), stage names prefixed.</summary>
sealed class ConcurrentProgress(IProgress<WorkProgress> inner, string stagePrefix, object gate) : IProgress<WorkProgress>
{
    public static IProgress<WorkProgress>? Wrap(IProgress<WorkProgress>? inner, string stagePrefix, object gate) =>
        inner is null ? null : new ConcurrentProgress(inner, stagePrefix, gate);

    public void Report(WorkProgress value)
    {
        // Notes carry their own prefix in their text ("control (base checkpoint): …"); bars get the control's name.
        if (value.Kind != WorkEventKind.Note && stagePrefix.Length > 0) value = value with { Stage = stagePrefix + value.Stage };
        lock (gate) inner.Report(value);
    }
}

sealed class DemoStageTimes
{
    readonly List<DemoStageTime> _stages;
    readonly string _prefix;

    public DemoStageTimes() : this([], "") { }

    DemoStageTimes(List<DemoStageTime> stages, string prefix) => (_stages, _prefix) = (stages, prefix);

    /// <summary>The same list, each stage named with <paramref name="prefix"/> first (a control's stages).</summary>
    public DemoStageTimes Prefixed(string prefix) => new(_stages, _prefix + prefix);

    /// <summary>In the order they finished (the controls run alongside the audit's score and causal check).</summary>
    public IReadOnlyList<DemoStageTime> Stages
    {
        get { lock (_stages) return _stages.ToArray(); }
    }

    public T Time<T>(string stage, Func<T> run)
    {
        var watch = Stopwatch.StartNew();
        var result = run();
        lock (_stages) _stages.Add(new DemoStageTime(_prefix + stage, watch.Elapsed.TotalSeconds));
        return result;
    }
}
