using System.Text;
using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Core.Export;

/// <summary>The scores as CSV (<see cref="ScoreExport.Csv"/>), one row per feature under a header.</summary>
/// <param name="candidates">The catalog's label-free candidates (column <c>hidden_motive_candidate</c>).</param>
public sealed class ScoreCsvFormat(CandidateSet candidates) : IBatchFormat
{
    public string Extension => "csv";

    public void Write(Stream output, CatalogMetadata metadata, IEnumerable<FeatureStatistics> features)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        writer.Write(ScoreExport.CsvHeader(metadata));
        foreach (var f in features) writer.Write(ScoreExport.CsvRow(f, candidates));
    }

    public bool IsComplete(string path, int from, int to)
    {
        string text;
        try { text = File.ReadAllText(path, new UTF8Encoding(false, throwOnInvalidBytes: true)); }
        catch (DecoderFallbackException) { return false; }
        if (!text.EndsWith('\n')) return false;
        var lines = text[..^1].Split('\n');
        if (lines.Length != to - from + 1 || !lines[0].StartsWith("feature_index,", StringComparison.Ordinal)) return false;
        int columns = ScoreExport.CsvFields(lines[0]);
        for (int i = 1; i < lines.Length; i++)
        {
            int comma = lines[i].IndexOf(',');
            if (comma < 0 || lines[i][..comma] != (from + i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
                || ScoreExport.CsvFields(lines[i]) != columns)
                return false;
        }
        return true;
    }
}

/// <summary>The scores as JSON (<see cref="ScoreExport.Json"/>): one array per file.</summary>
/// <param name="candidates">The catalog's label-free candidates (field <c>hidden_motive_candidate</c>).</param>
public sealed class ScoreJsonFormat(CandidateSet candidates) : IBatchFormat
{
    public string Extension => "json";

    public void Write(Stream output, CatalogMetadata metadata, IEnumerable<FeatureStatistics> features)
    {
        var bytes = Encoding.UTF8.GetBytes(ScoreExport.Json(metadata, features.ToList(), candidates));
        output.Write(bytes);
    }

    public bool IsComplete(string path, int from, int to) =>
        BatchFileCheck.FeatureIndices(path, arrayProperty: null, from, to);
}

/// <summary>Checks of batch files an earlier run left.</summary>
public static class BatchFileCheck
{
    /// <summary>
    /// The file is one well-formed JSON document (UTF-8, at most 1 GiB) whose feature array (the root when
    /// <paramref name="arrayProperty"/> is null, else that property of the root object) holds objects whose
    /// <c>feature_index</c> runs from <paramref name="from"/> to <paramref name="to"/> − 1. Read with a forward-only
    /// reader: no document tree is built.
    /// </summary>
    public static bool FeatureIndices(string path, string? arrayProperty, int from, int to)
    {
        if (new FileInfo(path).Length > 1L << 30) return false;
        var reader = new Utf8JsonReader(File.ReadAllBytes(path), new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            if (!reader.Read()) return false;
            if (arrayProperty is null)
            {
                if (reader.TokenType != JsonTokenType.StartArray) return false;
            }
            else
            {
                if (reader.TokenType != JsonTokenType.StartObject) return false;
                bool found = false;
                while (!found && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    found = reader.ValueTextEquals(arrayProperty);
                    reader.Read();
                    if (!found) reader.Skip();
                }
                if (!found || reader.TokenType != JsonTokenType.StartArray) return false;
            }
            int expected = from;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject) return false;
                int? id = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    bool index = reader.ValueTextEquals("feature_index");
                    reader.Read();
                    if (!index) reader.Skip();
                    else if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || id is not null) return false;
                    else id = value;
                }
                if (id != expected++) return false;
            }
            if (expected != to) return false;
            while (reader.Read()) { }   // the rest must be well-formed too (a cut-off file throws here)
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
