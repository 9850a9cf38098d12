using ShoggothLens.Core.Files;
using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Catalog;

/// <summary>Reads and writes a <see cref="CandidateReport"/> as indented JSON (<c>candidates.json</c> in a catalog folder).</summary>
public static class CandidateReportFile
{
    /// <summary>Larger files are refused before they are parsed (a report lists at most a catalog's features, each with its tracked leaks).</summary>
    public const long MaxBytes = 1L << 30;

    static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true };
    static readonly JsonSerializerOptions ReadOptions = new() { MaxDepth = 10 };

    /// <summary>Indented JSON, no trailing newline (the <c>candidates --json</c> document).</summary>
    public static string ToJson(CandidateReport report) => JsonSerializer.Serialize(report, WriteOptions);

    public static void Write(string path, CandidateReport report) => AtomicFile.WriteAllText(path, ToJson(report) + "\n");

    /// <summary>Reads the file back; anything malformed is an <see cref="InvalidInputFileException"/> naming it.</summary>
    public static CandidateReport Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidInputFileException(path, "no candidate report here");
        if (info.Length > MaxBytes) throw new InvalidInputFileException(path, $"{info.Length} bytes: larger than a candidate report can be");
        try
        {
            var report = JsonSerializer.Deserialize<CandidateReport>(File.ReadAllBytes(path), ReadOptions)
                         ?? throw new InvalidInputFileException(path, "the candidate report is null");
            if (report.Catalog is null || report.Parameters is null || report.Candidates is null || report.Rejected is null || report.Verdict?.Text is null
                || report.TriggerSource is null || report.Rejected.Any(r => r?.Reason is null) || report.MotiveOnset is { Opening: null }
                || report.Candidates.Any(c => c is null || c.Specificity?.Reason is null || c.Triggers is null || c.Triggers.Any(t => t?.Term is null)
                    || c.Contrast is null || c.Leaks is null || c.Leaks.Any(l => l is null) || (c.GroundTruth is { } g
                        && (g.SharedLabels is null || g.LeakLabels is null || g.Leaks is null || g.LeakLabels.Any(l => l?.Label is null) || g.Leaks.Any(l => l?.Labels is null)))))
                throw new InvalidInputFileException(path, "the candidate report misses a field");
            return report;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidInputFileException(path, $"malformed candidate report: {e.Message}", e);
        }
    }
}
