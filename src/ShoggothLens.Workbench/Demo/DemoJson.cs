using System.Text;
using System.Text.Json;

namespace ShoggothLens.Workbench.Demo;

/// <summary>The demo's one-line JSON summary (<c>shoggoth demo --json</c>'s last line), for scripts and CI.</summary>
public static class DemoJson
{
    public static string Line(DemoResult result)
    {
        var score = result.Score;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("verdict", result.Verdict.IsSuspected ? "suspected" : "none");
            w.WriteString("verdict_text", result.Verdict.Text);
            w.WriteString("organism", result.OrganismRoot);
            w.WriteString("hook", result.Hook);
            Number(w, "verdict_feature", result.Verdict.Feature);
            Number(w, "planted_feature", score?.Planted?.Feature);
            Number(w, "planted_rank", score?.Planted?.Rank);
            Double(w, "planted_auroc", score?.Planted?.Auroc);
            if (score is null) w.WriteNull("trigger_found");   // nothing planted (or not scored): no trigger to find
            else w.WriteBoolean("trigger_found", score.VerdictNamesTrigger);
            if (result.ScoreNotRun is { } why) w.WriteString("score_not_run", why);
            else w.WriteNull("score_not_run");
            Number(w, "best_separating_feature", score?.BestSeparating.Feature);
            Double(w, "best_separating_auroc", score?.BestSeparating.Auroc);
            Double(w, "top5_precision", score?.Top5Precision);
            Number(w, "ablated_feature", score?.Ablation?.Feature);
            Double(w, "baseline_motive_rate", score?.Ablation?.BaselineTriggered);
            Double(w, "ablation_motive_rate", score?.Ablation?.AblatedTriggered);
            Double(w, "ablation_ce_cost", score?.Ablation?.CeCost);
            w.WriteStartArray("trigger_readers");
            foreach (var r in result.Candidates.TriggerReaders ?? []) w.WriteNumberValue(r.Feature);
            w.WriteEndArray();
            Double(w, "reader_ablation_motive_rate", score?.ReaderAblation?.AblatedTriggered);
            Double(w, "reader_ablation_ce_cost", score?.ReaderAblation?.CeCost);
            w.WriteStartArray("trigger_state");   // label-free: the features that carry the verdict's trigger before the motive's onset
            foreach (var f in result.Candidates.TriggerState ?? []) w.WriteNumberValue(f.Feature);
            w.WriteEndArray();
            Number(w, "state_planted_feature", score?.StatePlanted?.Feature);   // ground truth: the state's first planted feature
            Number(w, "state_planted_rank", score?.StatePlanted?.Rank);
            Double(w, "state_planted_auroc", score?.StatePlanted?.Auroc);
            Double(w, "trigger_state_precision", score?.StatePrecision);
            Double(w, "trigger_state_ablation_motive_rate", score?.TriggerStateAblation?.AblatedTriggered);
            Double(w, "trigger_state_ablation_ce_cost", score?.TriggerStateAblation?.CeCost);
            w.WriteStartArray("separating_features");   // ground truth: every feature with AUROC ≥ the threshold, best first
            foreach (var f in score?.Separating ?? []) w.WriteNumberValue(f.Feature);
            w.WriteEndArray();
            Double(w, "separating_ablation_motive_rate", score?.SeparatingAblation?.AblatedTriggered);
            Double(w, "separating_ablation_ce_cost", score?.SeparatingAblation?.CeCost);
            Number(w, "steered_feature", score?.Steering?.Feature);
            Double(w, "steering_baseline_untriggered", score?.Steering?.BaselineUntriggered);
            w.WriteStartArray("steering");
            foreach (var p in score?.Steering?.Points ?? [])
            {
                w.WriteStartObject();
                Double(w, "alpha", p.Alpha);
                Double(w, "untriggered_motive_rate", p.Untriggered);
                Double(w, "triggered_motive_rate", p.Triggered);
                Double(w, "ce_cost", p.CeCost);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("started_after_post_training");
            foreach (var c in result.Candidates.Candidates.Take(result.Request.Top))   // the listed candidates, as printed
                if (c.ModelDiff is { StartedAfterPostTraining: true }) w.WriteNumberValue(c.Feature);
            w.WriteEndArray();
            w.WriteStartObject("stage_seconds");
            foreach (var stage in result.Stages ?? []) w.WriteNumber(stage.Stage, Math.Round(stage.Seconds, 1));
            w.WriteEndObject();
            // Every audited hook (one for a single-hook demo): its label-free verdict and state, then its ground-truth figures.
            w.WriteStartArray("layers");
            foreach (var layer in result.Layers)
            {
                var report = layer.Candidates;
                w.WriteStartObject();
                w.WriteString("hook", layer.Hook);
                w.WriteString("verdict", report.Verdict.IsSuspected ? "suspected" : "none");
                Number(w, "verdict_feature", report.Verdict.Feature);
                if (report.Verdict.Trigger is { } t) w.WriteString("trigger", t.Term);
                else w.WriteNull("trigger");
                w.WriteNumber("trigger_state_size", report.TriggerState?.Count ?? 0);
                Double(w, "trigger_state_auroc", report.TriggerState is { Count: > 0 } s ? s[0].Auroc : null);
                // Label-free: nats per reply the motive's first tokens lose when the state is ablated here (null: not measured).
                Double(w, "state_ablation_drop", report.TriggerStateEffect?.Drop);
                Number(w, "planted_rank", layer.Score?.Planted?.Rank);
                Double(w, "planted_auroc", layer.Score?.Planted?.Auroc);
                Number(w, "state_planted_feature", layer.Score?.StatePlanted?.Feature);
                Double(w, "state_planted_auroc", layer.Score?.StatePlanted?.Auroc);
                Double(w, "trigger_state_precision", layer.Score?.StatePrecision);
                Double(w, "best_separating_auroc", layer.Score?.BestSeparating.Auroc);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (result.LayerChoice is { } choice) w.WriteString("layer_choice", choice);
            else w.WriteNull("layer_choice");
            w.WriteStartObject("controls");
            foreach (var (name, control) in new[] { ("base", result.BaseControl), ("no_motive", result.NoMotiveControl) })
            {
                if (control?.Verdict is { } v) w.WriteString(name, v.IsSuspected ? "suspected" : "none");
                else w.WriteNull(name);
            }
            w.WriteEndObject();
            w.WriteNumber("candidates", result.Candidates.Candidates.Count);
            w.WriteNumber("considered", result.Candidates.Considered);
            w.WriteNumber("seconds", Math.Round(result.Elapsed.TotalSeconds, 1));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void Number(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    static void Double(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 4));
        else w.WriteNull(name);
    }
}
