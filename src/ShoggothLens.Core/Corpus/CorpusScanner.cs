using System.IO.Hashing;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// One fast pass over corpus files that counts their records exactly as <see cref="CorpusReader"/>
/// does (non-blank lines; one per plain text file) and hashes their bytes, without parsing JSON.
/// Shards need the total to split the corpus before any document is tokenized.
/// </summary>
public static class CorpusScanner
{
    public static IReadOnlyList<CorpusFileSummary> Scan(IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        paths.Select(p => Scan(p, cancellationToken)).ToArray();

    public static CorpusFileSummary Scan(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "corpus file not found");
        var hash = new XxHash3();
        long records;
        long bytes = new FileInfo(path).Length;
        using (var lines = new BoundedLineReader(File.OpenRead(path), int.MaxValue, keepBytes: false, hash: hash))
        {
            if (CorpusReader.IsJsonLines(path))
            {
                records = 0;
                while (lines.ReadLine())
                {
                    if (lines.HasContent) records++;
                    if ((records & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                }
            }
            else
            {
                while (lines.ReadLine()) { }
                records = 1;
            }
        }
        return new CorpusFileSummary(Path.GetFileName(path), bytes, records, Convert.ToHexStringLower(hash.GetCurrentHash()));
    }
}
