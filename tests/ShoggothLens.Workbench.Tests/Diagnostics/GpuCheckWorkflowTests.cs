using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Diagnostics;

namespace ShoggothLens.Workbench.Tests.Diagnostics;

/// <summary>The ILGPU step against the Torch sparse step through the entry point, on ILGPU's CPU accelerator (CI has no GPU), at a tiny size.</summary>
public class GpuCheckWorkflowTests
{
    static GpuCompareRequest Request(string reference) => new()
    {
        Sizes = new GpuCheckSizes { DIn = 16, Width = 64, K = 4, Batch = 16, Cpu = true, Clip = 1f },
        Steps = 2,
        Dead = 10,
        Reference = reference,
    };

    [Fact]
    public void Compare_against_torch_agrees_on_the_cpu_accelerator()
    {
        var notes = new List<string>();
        var result = GpuCheckWorkflow.Compare(Request("torch"), new InlineProgress<WorkProgress>(p => notes.Add(p.Note ?? "")));

        Assert.True(result.Ok, $"loss {result.MaxLossRelDiff}, weights {result.MaxWeightRelDiff} ({result.WorstTensor})");
        Assert.True(result.MaxLossRelDiff <= 1e-4, $"loss differs by {result.MaxLossRelDiff}");
        Assert.True(result.MaxWeightRelDiff <= 1e-4, $"{result.WorstTensor} differs by {result.MaxWeightRelDiff}");
        Assert.Equal(0, result.FiredCountMismatch);
        Assert.Equal(2, result.Steps);
        Assert.Equal(64, result.Setup.DSae);
        Assert.Contains("CPU", result.Device);
        Assert.Contains(notes, n => n.StartsWith("backend ilgpu-topk", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_reference_names_the_flag()
    {
        var e = Assert.Throws<ArgumentException>(() => GpuCheckWorkflow.Compare(Request("cuda")));
        Assert.Equal("--reference must be torch or ilgpu-cpu, not 'cuda'", e.Message);
    }
}
