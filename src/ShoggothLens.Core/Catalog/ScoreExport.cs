using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShoggothLens.Core.Analysis;

namespace ShoggothLens.Core.Catalog;

/// <summary>
/// A catalog's per-feature scores as CSV or JSON text (features/README.md, "Export"). Batch files, sharding and
/// resume are <see cref="Export.BatchExporter"/>'s (formats <see cref="Export.ScoreCsvFormat"/>, <see cref="Export.ScoreJsonFormat"/>).
/// Numbers are invariant culture, shortest round-trip, so the same catalog gives the same bytes.
/// <c>outside_role_leak</c> is the catalog's own flag; <c>hidden_motive_candidate</c> is membership in the label-free report's
/// candidates (<see cref="CandidateSet"/>: a specific home persona), which depends on the catalog alone.
/// </summary>
public static class ScoreExport
{
    static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string Csv(CatalogMetadata metadata, IReadOnlyList<FeatureStatistics> features, CandidateSet candidates)
    {
        var sb = new StringBuilder(CsvHeader(metadata));
        foreach (var f in features) sb.Append(CsvRow(f, candidates));
        return sb.ToString();
    }

    /// <summary>The header line (with its newline): fixed columns, then <c>freq_ROLE</c> for every role of the catalog.</summary>
    public static string CsvHeader(CatalogMetadata metadata)
    {
        var sb = new StringBuilder();
        sb.Append("feature_index,frac_nonzero,max_activation,mean_activation,assistant_affinity,persona_aligned,outside_role,home_persona,assistant_lower_bound,hidden_motive_evidence,outside_role_leak,hidden_motive_candidate,leak_documents,shared_triggers,leaks_with_motive,leaks_firing_before_motive");
        foreach (string role in metadata.Roles) sb.Append(",freq_").Append(Quote(role));
        return sb.Append('\n').ToString();
    }

    /// <summary>One feature's row (with its newline).</summary>
    public static string CsvRow(FeatureStatistics f, CandidateSet candidates)
    {
        var sb = new StringBuilder();
        var s = f.Scores;
        sb.Append(f.Feature).Append(',').Append(F(f.Overall.Frequency)).Append(',').Append(F(f.Overall.Max)).Append(',').Append(F(f.Overall.Mean))
          .Append(',').Append(F(s.AssistantAffinity)).Append(',').Append(s.PersonaAligned ? "1" : "0").Append(',').Append(s.OutsideRole ? "1" : "0")
          .Append(',').Append(Quote(s.HomePersona ?? "")).Append(',').Append(F(s.AssistantLowerBound)).Append(',').Append(F(s.HiddenMotiveEvidence))
          .Append(',').Append(s.OutsideRoleLeak ? "1" : "0").Append(',').Append(candidates.Contains(f.Feature) ? "1" : "0").Append(',').Append(s.LeakDocumentCount).Append(',').Append(Quote(string.Join(";", s.SharedTriggers)))
          .Append(',').Append(s.LeaksWithMotive).Append(',').Append(s.LeaksFiringBeforeMotive);
        foreach (var r in f.ByRole) sb.Append(',').Append(F(r.Frequency));
        return sb.Append('\n').ToString();
    }

    /// <summary>Fields of one CSV line as <see cref="Quote"/> writes them (commas inside double quotes do not separate).</summary>
    public static int CsvFields(string line)
    {
        int fields = 1;
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) fields++;
        }
        return quoted ? -1 : fields;
    }

    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(CatalogMetadata metadata, IReadOnlyList<FeatureStatistics> features, CandidateSet candidates) =>
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
            hidden_motive_candidate = candidates.Contains(f.Feature),
        }).ToList(), JsonOptions) + "\n";
}
