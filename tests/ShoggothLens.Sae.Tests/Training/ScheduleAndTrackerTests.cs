using ShoggothLens.Sae.Training;

namespace ShoggothLens.Sae.Tests.Training;

public class ScheduleAndTrackerTests
{
    [Fact]
    public void Learning_rate_warms_up_then_decays_to_zero()
    {
        var s = new TrainingSchedule(TotalSteps: 100, LearningRate: 1f, LrWarmupSteps: 10, LrDecaySteps: 20, SparsityCoefficient: 4f, SparsityWarmupSteps: 8);
        Assert.Equal(0.1f, s.LearningRateAt(0), 6);
        Assert.Equal(0.5f, s.LearningRateAt(4), 6);
        Assert.Equal(1f, s.LearningRateAt(9), 6);
        Assert.Equal(1f, s.LearningRateAt(50), 6);
        Assert.Equal(1f, s.LearningRateAt(80), 6);
        Assert.Equal(0.5f, s.LearningRateAt(90), 6);
        Assert.Equal(0.05f, s.LearningRateAt(99), 6);
        Assert.Equal(0.5f, s.SparsityCoefficientAt(0), 6);
        Assert.Equal(2f, s.SparsityCoefficientAt(3), 6);
        Assert.Equal(4f, s.SparsityCoefficientAt(7), 6);
        Assert.Equal(4f, s.SparsityCoefficientAt(99), 6);
    }

    [Fact]
    public void Dead_latents_are_counted_in_tokens_since_firing()
    {
        var tracker = new DeadLatentTracker(latents: 4, deadAfterTokens: 100);
        tracker.Update([3, 0, 0, 1], batchTokens: 60);
        Assert.Empty(tracker.DeadLatents());
        tracker.Update([0, 0, 2, 0], batchTokens: 60);
        Assert.Equal([1], tracker.DeadLatents());
        Assert.Equal([60L, 120L, 0L, 60L], tracker.TokensSinceFired.ToArray());
        Assert.Equal(0.25, tracker.DeadFraction);
        tracker.Update([0, 5, 0, 0], batchTokens: 60);
        Assert.Equal([0, 3], tracker.DeadLatents());
        var restored = new DeadLatentTracker(4, 100, tracker.TokensSinceFired.ToArray());
        Assert.Equal(tracker.DeadLatents(), restored.DeadLatents());
    }

    [Fact]
    public void Geometric_median_ignores_outliers_that_drag_the_mean()
    {
        // Five points near (1, 1) and one far outlier.
        float[] points = [1, 1, 1.1f, 0.9f, 0.9f, 1.1f, 1.05f, 1, 0.95f, 1, 100, -50];
        var median = GeometricMedian.Compute(points, 2);
        var mean = GeometricMedian.MeanOf(points, 2);
        Assert.InRange(median[0], 0.95, 1.1);
        Assert.InRange(median[1], 0.95, 1.05);
        Assert.True(mean[0] > 10);
        // On a line the geometric median is the ordinary median.
        Assert.Equal(3f, GeometricMedian.Compute([0, 1, 3, 7, 100], 1)[0], 3);
    }

    [Fact]
    public void Scaling_makes_the_mean_squared_norm_d_in()
    {
        var rng = new SplitMix64(1);
        var rows = Enumerable.Range(0, 64 * 8).Select(_ => (float)(5 * rng.NextGaussian())).ToArray();
        float s = ActivationScaling.Estimate(rows, 8);
        ActivationScaling.Apply(rows, s);
        double meanSq = rows.Sum(v => (double)v * v) / 64;
        Assert.Equal(8.0, meanSq, 4);
    }

    [Fact]
    public void In_memory_batches_visit_every_row_once_per_epoch_and_restore_positions()
    {
        var rows = Enumerable.Range(0, 10 * 2).Select(i => (float)i).ToArray(); // row r = (2r, 2r+1)
        var data = new InMemoryActivationBatches(rows, 2, seed: 4);
        var firstColumn = new List<float>();
        string? position = null;
        float[]? afterPosition = null;
        foreach (int size in new[] { 4, 4, 2 })
        {
            var batch = new float[size * 2];
            if (size == 4 && position is not null && afterPosition is null)
            {
                data.Next(batch, size);
                afterPosition = (float[])batch.Clone();
            }
            else
            {
                data.Next(batch, size);
                position ??= data.SavePosition();
            }
            for (int b = 0; b < size; b++)
            {
                Assert.Equal(batch[2 * b] + 1, batch[2 * b + 1]); // rows stay whole
                firstColumn.Add(batch[2 * b]);
            }
        }
        Assert.Equal(Enumerable.Range(0, 10).Select(r => 2f * r), firstColumn.Order());
        Assert.NotEqual(Enumerable.Range(0, 10).Select(r => 2f * r), firstColumn); // shuffled

        var other = new InMemoryActivationBatches(rows, 2, seed: 4);
        other.RestorePosition(position!);
        var again = new float[8];
        other.Next(again, 4);
        Assert.Equal(afterPosition, again);
        Assert.Throws<FormatException>(() => other.RestorePosition("{\"Epoch\": 0, \"Next\": 99}"));
        Assert.Throws<FormatException>(() => other.RestorePosition("nonsense"));
    }
}
