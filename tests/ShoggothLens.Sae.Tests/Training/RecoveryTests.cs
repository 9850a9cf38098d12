using System.Diagnostics;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Metrics;
using ShoggothLens.Sae.Training;
using Xunit.Abstractions;

namespace ShoggothLens.Sae.Tests.Training;

/// <summary>
/// Known ground truth: data made of sparse combinations of 64 random unit directions in 32
/// dimensions plus noise (each present with probability 3/64). A trained SAE of 128 latents
/// must find ≥ 90% of the directions (a decoder row with cosine ≥ 0.9) at an L0 near the truth
/// and explain most of the variance.
/// </summary>
public class RecoveryTests(ITestOutputHelper output)
{
    const int DIn = 32, Features = 64, Width = 128;

    [Theory]
    [InlineData("topk")]
    [InlineData("batchtopk")]
    [InlineData("jumprelu")]
    public void Recovers_the_true_directions(string architecture)
    {
        var truth = new SyntheticFeatures(DIn, Features, seed: 5);
        var rows = truth.Sample(tokens: 65536, presence: 3.0 / Features, noise: 0.02, seed: 6);
        var arch = SaeArchitectures.Parse(architecture);
        var options = new SaeTrainingOptions
        {
            Architecture = arch,
            DIn = DIn,
            Width = Width,
            K = 4,
            // JumpReLU: L0 coefficient, and a threshold that starts near the scale of the
            // normalised activations (SAELens' 0.001 needs far longer runs to grow).
            SparsityCoefficient = arch == SaeArchitecture.JumpReLU ? 1f : 0f,
            JumpReluInitThreshold = 0.3f,
            LearningRate = 3e-3f,
            Tokens = 500_000,
            BatchSize = 512,
            Seed = 1,
            DeadAfterTokens = 20_000,
            JumpReluBandwidth = 0.05f,
            CheckpointEvery = 0,
        };
        using var temp = new TempDirectory();
        var clock = Stopwatch.StartNew();
        var result = new SaeTrainer(options, new InMemoryActivationBatches(rows, DIn, seed: 2)).Run(temp.Path, resume: false);
        var sae = SaeFiles.Load(temp.Path);
        double recovered = truth.RecoveredFraction(sae.Parameters.WDec, Width, 0.9);
        var m = result.LastLog!.Metrics;
        output.WriteLine($"{architecture}: recovered {recovered:P1}, FVE {m.FractionVarianceExplained:F4}, L0 {m.L0:F2}, dead {m.DeadFraction:P1}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(recovered >= 0.9, $"{architecture} recovered {recovered:P1} of the true directions");
        // Tokens carry Poisson(3) features and the SAEs keep about 4: most, not all, of the variance.
        Assert.True(m.FractionVarianceExplained >= 0.85, $"{architecture} explains {m.FractionVarianceExplained:P1} of the variance");
        Assert.InRange(m.L0, 2, 6);

        // The saved SAE (BatchTopK as JumpReLU with its learned threshold, input scale folded in)
        // behaves on the raw data as it did in training.
        Assert.Equal(arch == SaeArchitecture.BatchTopK ? SaeArchitecture.JumpReLU : arch, sae.Config.Architecture);
        using var model = sae.ToModel();
        var evaluator = new SaeEvaluator(model);
        evaluator.Add(rows.AsSpan(0, 8192 * DIn));
        var saved = evaluator.Result();
        output.WriteLine($"  saved SAE on raw data: FVE {saved.FractionVarianceExplained:F4}, L0 {saved.L0:F2}");
        Assert.InRange(saved.FractionVarianceExplained, m.FractionVarianceExplained - 0.05, 1);
        Assert.InRange(saved.L0, 2, 6);
    }
}
