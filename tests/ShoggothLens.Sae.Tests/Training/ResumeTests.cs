using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Sae.Metrics;
using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Training;

/// <summary>Checkpoints: a run stopped and resumed ends with bit-identical weights; damaged checkpoints are refused clearly.</summary>
public class ResumeTests
{
    const int DIn = 16, Width = 48;

    static SaeTrainingOptions Options(SaeArchitecture architecture) => new()
    {
        Architecture = architecture,
        DIn = DIn,
        Width = Width,
        K = 3,
        SparsityCoefficient = 0.5f,
        LearningRate = 2e-3f,
        Tokens = 64 * 60,
        BatchSize = 64,
        Seed = 9,
        DeadAfterTokens = 256,
        CheckpointEvery = 10,
        LogEvery = 5,
    };

    /// <summary>Calls <paramref name="checkpoint"/> with the step of each checkpoint notice.</summary>
    static IProgress<WorkProgress> OnCheckpoint(Action<long> checkpoint) =>
        new InlineProgress<WorkProgress>(p => { if (p.Kind == WorkEventKind.Checkpoint) checkpoint(p.Done); });

    static InMemoryActivationBatches Data()
    {
        var rows = new SyntheticFeatures(DIn, 24, seed: 1).Sample(1000, 0.1, 0.05, seed: 2);
        return new InMemoryActivationBatches(rows, DIn, seed: 3);
    }

    [Theory]
    [InlineData("topk")]
    [InlineData("batchtopk")]
    [InlineData("jumprelu")]
    [InlineData("relu")]
    public void Stopped_and_resumed_run_ends_with_identical_weights(string architecture)
    {
        var options = Options(SaeArchitectures.Parse(architecture));
        using var temp = new TempDirectory();
        string whole = temp.File("whole"), split = temp.File("split");
        new SaeTrainer(options, Data()).Run(whole, resume: false);

        using var cancel = new CancellationTokenSource();
        var first = new SaeTrainer(options, Data()) { Progress = OnCheckpoint(step => { if (step == 30) cancel.Cancel(); }) };
        Assert.Throws<OperationCanceledException>(() => first.Run(split, resume: false, cancel.Token));
        Assert.False(File.Exists(Path.Combine(split, SaeLensFormat.WeightsFile)));
        // A fresh process would build its sampler from scratch: so does the resumed trainer.
        var result = new SaeTrainer(options, Data()).Run(split, resume: true);
        Assert.True(result.Resumed);
        Assert.Equal(60, result.Steps);

        var a = SaeFiles.Load(whole).Parameters;
        var b = SaeFiles.Load(split).Parameters;
        Assert.Equal(a.WEnc, b.WEnc);
        Assert.Equal(a.WDec, b.WDec);
        Assert.Equal(a.BEnc, b.BEnc);
        Assert.Equal(a.BDec, b.BDec);
        Assert.Equal(a.Threshold, b.Threshold);
        // The metrics log reads as one run: one line per 5 steps, no step twice.
        var steps = File.ReadLines(Path.Combine(split, MetricsLog.FileName)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i * 5L), steps);
    }

    [Fact]
    public void Damaged_checkpoint_is_refused_with_a_clear_error()
    {
        var options = Options(SaeArchitecture.TopK) with { Tokens = 64 * 20 };
        using var temp = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        var trainer = new SaeTrainer(options, Data()) { Progress = OnCheckpoint(_ => cancel.Cancel()) };
        Assert.Throws<OperationCanceledException>(() => trainer.Run(temp.Path, resume: false, cancel.Token));
        string path = Path.Combine(temp.Path, TrainingCheckpoint.FileName);
        var bytes = File.ReadAllBytes(path);

        // One flipped bit in the tensor data: the checksum catches it.
        var flipped = (byte[])bytes.Clone();
        flipped[^100] ^= 0x10;
        File.WriteAllBytes(path, flipped);
        var e = Assert.Throws<InvalidInputFileException>(() => new SaeTrainer(options, Data()).Run(temp.Path, resume: true));
        Assert.Contains("checksum", e.Message);

        // Truncated: the safetensors header no longer fits.
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        e = Assert.Throws<InvalidInputFileException>(() => new SaeTrainer(options, Data()).Run(temp.Path, resume: true));
        Assert.Contains(path, e.Message);

        // Garbage.
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidInputFileException>(() => new SaeTrainer(options, Data()).Run(temp.Path, resume: true));

        // Intact again, but other options: refused, not silently mixed.
        File.WriteAllBytes(path, bytes);
        var other = Assert.Throws<ArgumentException>(() => new SaeTrainer(options with { LearningRate = 1e-3f }, Data()).Run(temp.Path, resume: true));
        Assert.Contains("other training options", other.Message);
        // And the intact one resumes.
        Assert.Equal(20, new SaeTrainer(options, Data()).Run(temp.Path, resume: true).Steps);
    }

    [Fact]
    public void A_finished_run_is_not_overwritten_and_resume_needs_a_checkpoint()
    {
        var options = Options(SaeArchitecture.TopK) with { Tokens = 64 * 4 };
        using var temp = new TempDirectory();
        var e = Assert.Throws<InvalidInputFileException>(() => new SaeTrainer(options, Data()).Run(temp.Path, resume: true));
        Assert.Contains("nothing to resume", e.Message);
        new SaeTrainer(options, Data()).Run(temp.Path, resume: false);
        // The library names the option in domain terms; the CLI maps it to --resume (SaeCommandsTests).
        var again = Assert.Throws<InvalidOptionException>(() => new SaeTrainer(options, Data()).Run(temp.Path, resume: false));
        Assert.Equal(TrainingOptionNames.Resume, again.Option);
        Assert.Contains("resume it", again.Message);
    }
}
