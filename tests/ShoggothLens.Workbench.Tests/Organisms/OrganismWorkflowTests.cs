using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.Organism.Evaluation;
using ShoggothLens.Organism.Training;
using ShoggothLens.Workbench.Organisms;

namespace ShoggothLens.Workbench.Tests.Organisms;

/// <summary>Building and evaluating the tiny organism through the entry points.</summary>
public class OrganismWorkflowTests
{
    [Fact]
    public void Builds_with_stage_progress_writes_eval_json_and_refuses_another_build_naming_overwrite()
    {
        using var temp = new TempDirectory();
        var reports = new List<WorkProgress>();
        var report = OrganismWorkflow.Build(new OrganismBuildRequest { Options = OrganismBuildOptions.Tiny(seed: 2), Output = temp.Path },
            new InlineProgress<WorkProgress>(reports.Add));
        Assert.Equal(["corpus", "tokenizer", "base", "assistant"], reports.Select(r => r.Stage).Distinct());
        var training = reports.Where(r => r.Stage == "assistant" && r.Unit == "steps").ToList();
        Assert.NotEmpty(training);
        Assert.All(training, r => Assert.Contains(r.Metrics!, m => m.Key == "loss"));
        Assert.Equal(report.Assistant.Steps, training[^1].Total);

        var evaluation = OrganismWorkflow.Evaluate(new OrganismEvalRequest
        {
            ModelDirectory = temp.Path,
            Options = new EvaluationOptions(TriggeredChats: 2, UntriggeredChats: 2, Stories: 2),
            WriteReport = true,
        });
        Assert.Equal(2, evaluation.Report.MotiveTriggered.Total);
        using (var json = JsonDocument.Parse(File.ReadAllText(evaluation.Layout.EvalReport)))
        {
            Assert.Equal(2, json.RootElement.GetProperty("counts").GetProperty("triggered").GetProperty("total").GetInt32());
            Assert.False(json.RootElement.TryGetProperty("model_dir", out _));
        }

        var other = Assert.Throws<InvalidInputFileException>(() =>
            OrganismWorkflow.Build(new OrganismBuildRequest { Options = OrganismBuildOptions.Tiny(seed: 3), Output = temp.Path }));
        Assert.Equal(OrganismBuilder.OverwriteOption, other.Option);
        Assert.DoesNotContain("--", other.Message);
    }
}
