using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Export;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// "Export this selection": the CLI's score export (<see cref="ScoreCsvFormat"/>, <see cref="ScoreJsonFormat"/>) over the
/// features a grid view selects, in the view's order; <c>hidden_motive_candidate</c> is the catalog's label-free report's.
/// </summary>
public static class SelectionExport
{
    public enum Format { Csv, Json }

    /// <summary>More rows than this are refused: a browser download is not the place for a whole large catalog (use <c>shoggoth export</c>).</summary>
    public const int MaxFeatures = 20_000;

    public static IBatchFormat FormatOf(Format format, CandidateSet candidates) =>
        format == Format.Json ? new ScoreJsonFormat(candidates) : new ScoreCsvFormat(candidates);

    public static string FileName(LoadedCatalog catalog, Format format) =>
        $"{catalog.Id}-selection.{(format == Format.Json ? "json" : "csv")}";

    public static string MimeType(Format format) => format == Format.Json ? "application/json" : "text/csv";

    public static void Write(Stream output, LoadedCatalog catalog, IReadOnlyList<int> features, Format format)
    {
        if (features.Count > MaxFeatures)
            throw new ArgumentException($"{features.Count:N0} features selected; a download takes at most {MaxFeatures:N0} (narrow the view, or run `shoggoth export`)");
        FormatOf(format, catalog.Candidates.Set).Write(output, catalog.Metadata, catalog.ReadMany(features));
    }
}
