using ShoggothLens.Core.Files;
using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Catalog;

/// <summary>A catalog's model diff (<see cref="CatalogFolder.ModelDiffFileName"/>): the same SAE over a compared checkpoint's store.</summary>
/// <param name="CompareStore">The compared store's full path (e.g. the base checkpoint's).</param>
/// <param name="Epsilon">ε of the log ratio, as in the assistant affinity.</param>
public sealed record ModelDiffReport(string CompareStore, double Epsilon, IReadOnlyList<FeatureDiff> Features)
{
    /// <summary>Outside-role leaks of the analysed checkpoint that are none in the compared one (<see cref="FeatureDiff.StartsLeaking"/>).</summary>
    public IEnumerable<FeatureDiff> StartingToLeak => Features.Where(f => f.StartsLeaking);
}

/// <summary>Reads and writes <c>model-diff.json</c> (docs/feature-analysis.md).</summary>
public static class ModelDiffFile
{
    /// <summary>Larger files are refused before they are parsed (about 200 bytes a feature, for up to 2²⁴ features).</summary>
    public const long MaxBytes = 4L << 30;

    public static void Write(string path, ModelDiffReport report) => AtomicFile.WriteAllText(path, ToJson(report));

    public static string ToJson(ModelDiffReport report) => JsonSerializer.Serialize(new
    {
        compare_store = report.CompareStore,
        epsilon = report.Epsilon,
        features = report.Features.Select(d => new
        {
            feature = d.Feature,
            base_assistant_frequency = d.BaseAssistantFrequency,
            post_assistant_frequency = d.PostAssistantFrequency,
            delta = d.Delta,
            log_ratio = d.LogRatio,
            starts_leaking = d.StartsLeaking,
        }),
    }) + "\n";

    public static ModelDiffReport Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidInputFileException(path, "no model diff here");
        if (info.Length > MaxBytes) throw new InvalidInputFileException(path, $"{info.Length} bytes: larger than a model diff can be");
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            var features = new List<FeatureDiff>();
            foreach (var d in JsonFields.Get(root, "features", JsonValueKind.Array).EnumerateArray())
                features.Add(new FeatureDiff(JsonFields.Int(d, "feature"), JsonFields.Double(d, "base_assistant_frequency"), JsonFields.Double(d, "post_assistant_frequency"),
                    JsonFields.Double(d, "delta"), JsonFields.Double(d, "log_ratio"), JsonFields.Bool(d, "starts_leaking")));
            return new ModelDiffReport(JsonFields.String(root, "compare_store"), JsonFields.Double(root, "epsilon"), features);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidInputFileException(path, $"malformed model diff: {e.Message}", e);
        }
    }
}
