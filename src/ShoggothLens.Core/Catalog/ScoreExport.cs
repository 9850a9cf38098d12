using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Catalog;

/// <summary>
/// Exports a catalog's per-feature scores as CSV or JSON in batch files: batch-N covers features
/// [N·B, (N+1)·B) of the selected range, whatever the shard, so shards write disjoint files whose union is the
/// unsharded export, byte for byte. Each file is written atomically and skipped when it already exists
/// (resume). Output depends only on the catalog and the options.
/// </summary>
public static class ScoreExport
{
    public enum Format { Csv, Json }

    /// <summary>Batch indices shard <paramref name="shard"/> of <paramref name="shards"/> writes: a contiguous run.</summary>
    public static (int First, int End) ShardBatches(int batches, int shard, int shards) =>
        ((int)((long)batches * shard / shards), (int)((long)batches * (shard + 1) / shards));

    /// <summary>Writes the shard's batch files of features [first, end); returns how many files were written (not skipped).</summary>
    public static int Write(FeatureCatalog catalog, string outDirectory, Format format, int first, int end, int batchSize,
        int shard = 0, int shards = 1, IProgress<int>? progress = null)
    {
        if (first < 0 || end > catalog.Count || first >= end) throw new ArgumentException($"feature range {first}-{end - 1} is not within 0-{catalog.Count - 1}");
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (shards < 1 || shard < 0 || shard >= shards) throw new ArgumentException($"shard {shard}/{shards} is not valid");
        int batches = (end - first + batchSize - 1) / batchSize;
        var (b0, b1) = ShardBatches(batches, shard, shards);
        Directory.CreateDirectory(outDirectory);
        int written = 0;
        for (int b = b0; b < b1; b++)
        {
            string path = Path.Combine(outDirectory, $"batch-{b}.{(format == Format.Csv ? "csv" : "json")}");
            if (File.Exists(path)) { progress?.Report(b - b0 + 1); continue; }
            int from = first + b * batchSize, to = Math.Min(end, from + batchSize);
            var features = Enumerable.Range(from, to - from).Select(catalog.Read).ToList();
            string text = format == Format.Csv ? Csv(catalog.Metadata, features) : Json(catalog.Metadata, features);
            AtomicFile.WriteAllText(path, text);
            written++;
            progress?.Report(b - b0 + 1);
        }
        return written;
    }

    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string Csv(CatalogMetadata metadata, IReadOnlyList<FeatureStatistics> features)
    {
        var sb = new StringBuilder();
        sb.Append("feature_index,frac_nonzero,max_activation,mean_activation,assistant_affinity,persona_aligned,outside_role,home_persona,assistant_lower_bound,hidden_motive_evidence,hidden_motive_candidate,leak_documents,shared_triggers,leaks_with_motive,leaks_firing_before_motive");
        foreach (string role in metadata.Roles) sb.Append(",freq_").Append(Quote(role));
        sb.Append('\n');
        foreach (var f in features)
        {
            var s = f.Scores;
            sb.Append(f.Feature).Append(',').Append(F(f.Overall.Frequency)).Append(',').Append(F(f.Overall.Max)).Append(',').Append(F(f.Overall.Mean))
              .Append(',').Append(F(s.AssistantAffinity)).Append(',').Append(s.PersonaAligned ? "1" : "0").Append(',').Append(s.OutsideRole ? "1" : "0")
              .Append(',').Append(Quote(s.HomePersona ?? "")).Append(',').Append(F(s.AssistantLowerBound)).Append(',').Append(F(s.HiddenMotiveEvidence))
              .Append(',').Append(s.HiddenMotiveCandidate ? "1" : "0").Append(',').Append(s.LeakDocumentCount).Append(',').Append(Quote(string.Join(";", s.SharedTriggers)))
              .Append(',').Append(s.LeaksWithMotive).Append(',').Append(s.LeaksFiringBeforeMotive);
            foreach (var r in f.ByRole) sb.Append(',').Append(F(r.Frequency));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(CatalogMetadata metadata, IReadOnlyList<FeatureStatistics> features) =>
        JsonSerializer.Serialize(features.Select(f => new
        {
            feature_index = f.Feature,
            frac_nonzero = f.Overall.Frequency,
            max_activation = f.Overall.Max,
            mean_activation = f.Overall.Mean,
            freq_hist_bin_width = f.HistogramBinWidth,
            freq_hist_counts = f.Histogram,
            by_role = f.ByRole.Select(r => new { role = r.Role, tokens = r.Tokens, firings = r.Firings, frequency = r.Frequency, mean = r.Mean, max = r.Max }),
            top_examples = f.TopExamples.Select(e => new { token = e.Token, document = e.Document, position = e.Position, role = e.Role, activation = e.Activation }),
            scores = f.Scores,
        }).ToList(), JsonOptions) + "\n";
}
