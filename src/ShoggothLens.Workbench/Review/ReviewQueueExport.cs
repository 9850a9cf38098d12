using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShoggothLens.Workbench.Review;

/// <summary>The review queue as CSV (RFC 4180) or JSON, for a spreadsheet or a ticket system.</summary>
public static class ReviewQueueExport
{
    static readonly string[] Header =
        ["rank", "feature", "home_persona", "evidence", "assistant_lower_bound", "assistant_affinity", "leak_documents",
         "status", "severity", "assignee", "notes", "version", "updated_by", "updated_at_utc"];

    public static string Csv(IEnumerable<ReviewQueueItem> items)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Header).Append("\r\n");
        foreach (var i in items)
        {
            string[] cells =
            [
                Number(i.Rank), Number(i.Feature), Text(i.HomePersona ?? ""), Number(i.Evidence), Number(i.AssistantLowerBound),
                Number(i.AssistantAffinity), Number(i.LeakDocuments), ReviewNames.Of(i.Review.Status), ReviewNames.Of(i.Review.Severity),
                Text(i.Review.Assignee), Text(i.Review.Notes), Number(i.Review.Version), Text(i.Review.UpdatedBy ?? ""),
                i.Review.UpdatedAtUtc?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }
        return text.ToString();
    }

    public static string Json(string catalog, IEnumerable<ReviewQueueItem> items)
    {
        var document = new
        {
            catalog,
            candidates = items.Select(i => new
            {
                rank = i.Rank, feature = i.Feature, home_persona = i.HomePersona, evidence = i.Evidence,
                assistant_lower_bound = i.AssistantLowerBound, assistant_affinity = i.AssistantAffinity, leak_documents = i.LeakDocuments,
                status = ReviewNames.Of(i.Review.Status), severity = ReviewNames.Of(i.Review.Severity), assignee = i.Review.Assignee,
                notes = i.Review.Notes, version = i.Review.Version, updated_by = i.Review.UpdatedBy, updated_at_utc = i.Review.UpdatedAtUtc,
            }),
        };
        return JsonSerializer.Serialize(document, Options);
    }

    static readonly JsonSerializerOptions Options = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    static string Number(long v) => v.ToString(CultureInfo.InvariantCulture);
    static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Free text a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe.</summary>
    static string Text(string v) => v.Length > 0 && "=+-@\t\r".Contains(v[0]) ? "'" + v : v;

    static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
