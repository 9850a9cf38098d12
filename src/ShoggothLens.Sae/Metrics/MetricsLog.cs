using ShoggothLens.Core.Files;
using System.Text;
using System.Text.Json;

namespace ShoggothLens.Sae.Metrics;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per logging window, appended and flushed as training goes.
/// A resumed run first drops the lines past its checkpoint, so the file reads as one run.
/// </summary>
public sealed class MetricsLog : IDisposable
{
    public const string FileName = "metrics.jsonl";
    readonly StreamWriter _writer;

    MetricsLog(string path, bool append)
    {
        _writer = new StreamWriter(path, append, new UTF8Encoding(false));
    }

    public static MetricsLog Create(string directory) => new(Path.Combine(directory, FileName), append: false);

    /// <summary>Keeps the lines of steps ≤ <paramref name="step"/> (rewritten atomically) and appends after them.</summary>
    public static MetricsLog ResumeAfter(string directory, long step)
    {
        string path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var kept = File.ReadLines(path).Where(line => StepOf(line) is long s && s <= step).ToList();
            Core.Files.AtomicFile.WriteAllText(path, kept.Count == 0 ? "" : string.Join("\n", kept) + "\n");
        }
        return new MetricsLog(path, append: true);
    }

    static long? StepOf(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty("step", out var s) && s.TryGetInt64(out long v) ? v : null;
        }
        catch (JsonException)
        {
            return null; // a torn last line from a killed run
        }
    }

    public void Write(TrainingLogEntry e)
    {
        _writer.WriteLine(ToJson(e));
        _writer.Flush();
    }

    public static string ToJson(TrainingLogEntry e)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("step", e.Step);
            w.WriteNumber("tokens", e.Tokens);
            WriteMetrics(w, e.Metrics);
            Number(w, "loss", e.Loss);
            Number(w, "mse_loss", e.MseLoss);
            Number(w, "sparsity_loss", e.SparsityLoss);
            Number(w, "aux_loss", e.AuxLoss);
            Number(w, "lr", e.LearningRate);
            Number(w, "sparsity_coefficient", e.SparsityCoefficient);
            Number(w, "grad_norm", e.GradNorm);
            Number(w, "tokens_per_s", e.TokensPerSecond);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The metric fields as <c>sae eval --json</c> and metrics.jsonl name them.</summary>
    public static void WriteMetrics(Utf8JsonWriter w, SaeMetrics m)
    {
        w.WriteNumber("eval_tokens", m.Tokens);
        Number(w, "l0", m.L0);
        Number(w, "mse", m.Mse);
        Number(w, "fve", m.FractionVarianceExplained);
        Number(w, "dead_fraction", m.DeadFraction);
        Number(w, "dense_fraction", m.DenseFraction);
        if (m.CeLoss is { } ce)
        {
            Number(w, "ce_loss_clean", ce.CleanLoss);
            Number(w, "ce_loss_sae", ce.SaeLoss);
            Number(w, "ce_loss_zero_ablation", ce.ZeroAblationLoss);
            Number(w, "ce_loss_recovered", ce.Recovered);
        }
    }

    /// <summary>JSON has no NaN or infinity: such values are written as null.</summary>
    static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteNull(name);
    }

    public void Dispose() => _writer.Dispose();
}
