using ShoggothLens.Sae.Metrics;

namespace ShoggothLens.Sae.Tests.Metrics;

public class MetricsTests
{
    [Fact]
    public void Window_metrics_follow_their_formulas()
    {
        var m = new MetricsAccumulator(dIn: 2, dSae: 3);
        // x = (1, 0), (3, 2): mean (2, 1); Σ‖x − x̄‖² = 2 + 2 = 4.
        m.Add([1, 0, 3, 2], squaredError: 1.0, activeLatents: 3, firedTokens: [2, 1, 0]);
        var r = m.Compute();
        Assert.Equal(2, r.Tokens);
        Assert.Equal(1.5, r.L0, 12);
        Assert.Equal(1.0 / 4, r.Mse, 12);               // Σ err² / (tokens · d_in)
        Assert.Equal(1 - 1.0 / 4, r.FractionVarianceExplained, 12);
        Assert.Equal(1.0 / 3, r.DeadFraction, 12);       // latent 2 never fired
        Assert.Equal(2.0 / 3, r.DenseFraction, 12);      // fired on > 10% of tokens
        Assert.Equal(0.5, m.Compute(scale: 2f, deadFraction: 0.5).DeadFraction);
        Assert.Equal(1.0 / 16, m.Compute(scale: 2f).Mse, 12); // reported in raw units
        m.Reset();
        Assert.Equal(0, m.Tokens);
    }

    [Fact]
    public void Ce_loss_recovered_is_one_when_splicing_is_free_and_zero_when_as_bad_as_ablation()
    {
        Assert.Equal(1.0, CeLossRecovered.Fraction(clean: 2, sae: 2, zeroAblation: 6));
        Assert.Equal(0.0, CeLossRecovered.Fraction(clean: 2, sae: 6, zeroAblation: 6));
        Assert.Equal(0.75, new CeLossRecovered(2, 3, 6, 10).Recovered);
        Assert.True(double.IsNaN(CeLossRecovered.Fraction(2, 3, 2)));
    }
}

public class MetricsLogTests
{
    [Fact]
    public void Resuming_drops_lines_past_the_checkpoint_and_a_torn_last_line()
    {
        using var temp = new TempDirectory();
        var metrics = new SaeMetrics(10, 1, 2, 0.5, 0, 0);
        using (var log = MetricsLog.Create(temp.Path))
            foreach (long step in new long[] { 5, 10, 15, 20 })
                log.Write(new TrainingLogEntry(step, step * 8, metrics, 1, 1, 0, 0, 1e-3, 0, 1, 100));
        File.AppendAllText(Path.Combine(temp.Path, MetricsLog.FileName), "{\"step\": 25, \"l0\"");
        using (var log = MetricsLog.ResumeAfter(temp.Path, 10))
            log.Write(new TrainingLogEntry(15, 120, metrics with { L0 = 3 }, 1, 1, 0, 0, 1e-3, 0, 1, 100));
        var lines = File.ReadAllLines(Path.Combine(temp.Path, MetricsLog.FileName));
        Assert.Equal(3, lines.Length);
        var steps = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64());
        Assert.Equal([5L, 10L, 15L], steps);
        Assert.Equal(3, System.Text.Json.JsonDocument.Parse(lines[2]).RootElement.GetProperty("l0").GetDouble());
    }
}
