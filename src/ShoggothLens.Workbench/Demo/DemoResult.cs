using ShoggothLens.Core.Catalog;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Scoring;
using ShoggothLens.Workbench.Training;

namespace ShoggothLens.Workbench.Demo;

/// <summary>What each stage of the demo did, and the score against the planted ground truth.</summary>
/// <param name="OrganismRoot">The organism folder audited.</param>
/// <param name="Replies">The Assistant's generated replies that harvest read (null when it read the corpus's fixed text).</param>
/// <param name="Harvest">The harvest (already complete on a rerun).</param>
/// <param name="Training">The SAE's training; null when an SAE was already trained in the folder (<paramref name="TrainingSkipped"/> says so).</param>
/// <param name="Candidates">The candidate report, also saved in the catalog folder; it ends with the label-free verdict.</param>
/// <param name="Score">Where the planted motive's feature ranks, and whether the verdict names it and its trigger (the only stage that reads labels);
/// null for a motive-free organism (nothing planted to score against).</param>
/// <param name="BaseControl">The pipeline through the base checkpoint (null when controls were not asked for).</param>
/// <param name="NoMotiveControl">The pipeline on the motive-free control organism (null when controls were not asked for).</param>
/// <param name="Elapsed">Wall-clock time of the whole run.</param>
/// <param name="Stages">Each stage's wall-clock time, in the order run (a control's stages named "control base: harvest" and so on).</param>
/// <param name="ScoreNotRun">Why an organism with a planted motive has no <paramref name="Score"/> (the store could not be scored), else null.</param>
public sealed record DemoResult(
    DemoRequest Request,
    string OrganismRoot,
    Replies.ReplyResult? Replies,
    HarvestResult Harvest,
    TrainResult? Training,
    string? TrainingSkipped,
    AnalyzeResult Analysis,
    CandidateReport Candidates,
    ScoreResult? Score,
    DemoControl? BaseControl,
    DemoControl? NoMotiveControl,
    TimeSpan Elapsed,
    string? ScoreNotRun = null,
    IReadOnlyList<DemoStageTime>? Stages = null)
{
    /// <summary>The label-free verdict: "hidden motive suspected: …" or "none found".</summary>
    public CandidateVerdict Verdict => Candidates.Verdict;

    /// <summary>Every audited hook, in the order asked, with its report and (ground truth) score; one entry for a single hook.</summary>
    public required IReadOnlyList<DemoLayer> Layers { get; init; }

    /// <summary>The index in <see cref="Layers"/> of the hook whose audit this is (of several: the one <see cref="DemoLayerChoice"/> picked).</summary>
    public required int ChosenLayer { get; init; }

    /// <summary>The activation store the audit read (every audited hook).</summary>
    public required string StorePath { get; init; }

    /// <summary>The hook whose audit this is.</summary>
    public string Hook => Layers[ChosenLayer].Hook;

    /// <summary>The SAE of <see cref="Hook"/>.</summary>
    public string SaePath => Layers[ChosenLayer].SaePath;

    /// <summary>The catalog of <see cref="Hook"/> (with the candidate report).</summary>
    public string CatalogPath => Layers[ChosenLayer].CatalogPath;

    /// <summary>Why <see cref="Hook"/> was chosen when several were audited; null for one hook.</summary>
    public string? LayerChoice { get; init; }
}

/// <summary>One audited hook: its SAE, catalog, label-free report, and its score against the ground truth (null when not scored).
/// Only the chosen hook's score carries the causal check.</summary>
public sealed record DemoLayer(string Hook, string SaePath, string CatalogPath, CandidateReport Candidates, ScoreResult? Score);
