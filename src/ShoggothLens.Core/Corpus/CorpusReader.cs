using System.Runtime.CompilerServices;
using System.Text;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Streams the records of corpus files in order, one at a time: a <c>.jsonl</c> file gives one
/// record per non-blank line (chat or story, see <see cref="CorpusJsonLine"/>); any other file is
/// plain text and gives one Narration document. Bad records (a line over the length limit, invalid
/// UTF-8, bad JSON, an unknown role, a label outside its text) throw an
/// <see cref="InvalidInputFileException"/> naming the file and line, or, with
/// <see cref="CorpusReaderOptions.SkipBad"/>, come back as records with a <see cref="CorpusRecord.Problem"/>.
/// </summary>
public sealed class CorpusReader(IReadOnlyList<string> paths, CorpusReaderOptions? options = null)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public IReadOnlyList<string> Paths { get; } = paths;
    public CorpusReaderOptions Options { get; } = options ?? CorpusReaderOptions.Default;

    public static bool IsJsonLines(string path) => path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The records with index in [<paramref name="firstRecord"/>, <paramref name="endRecord"/>).
    /// Given the files' <paramref name="summaries"/> (from <see cref="CorpusScanner"/>), files wholly
    /// before the range are not opened.
    /// </summary>
    public IEnumerable<CorpusRecord> Read(long firstRecord = 0, long endRecord = long.MaxValue, IReadOnlyList<CorpusFileSummary>? summaries = null)
    {
        long index = 0;
        for (int file = 0; file < Paths.Count && index < endRecord; file++)
        {
            string path = Paths[file];
            if (summaries is not null && index + summaries[file].Records <= firstRecord)
            {
                index += summaries[file].Records;
                continue;
            }
            if (!File.Exists(path)) throw new InvalidInputFileException(path, "corpus file not found");
            if (IsJsonLines(path))
            {
                var next = new StrongBox<long>(index);
                foreach (var record in ReadJsonLines(path, file, next, firstRecord, endRecord))
                    yield return record;
                index = next.Value;
            }
            else
            {
                if (index >= firstRecord) yield return ReadPlainText(path, file, index);
                index++;
            }
        }
    }

    /// <param name="next">The index of the next record; advanced past each record of the file.</param>
    IEnumerable<CorpusRecord> ReadJsonLines(string path, int file, StrongBox<long> next, long firstRecord, long endRecord)
    {
        using var lines = new BoundedLineReader(File.OpenRead(path), Options.MaxLineBytes);
        string name = Path.GetFileName(path);
        while (lines.ReadLine())
        {
            if (!lines.HasContent) continue;
            long current = next.Value++;
            if (current < firstRecord) continue;
            if (current >= endRecord) yield break;
            string? problem = null;
            CorpusDocument? document = null;
            if (lines.TooLong)
                problem = $"the line has {lines.LineBytes:N0} bytes, over the {Options.MaxLineBytes:N0}-byte limit";
            else if (Utf8Check.Problem(lines.Line) is { } utf8)
                problem = utf8;
            else
            {
                try
                {
                    document = CorpusJsonLine.Parse(lines.LineMemory, $"{name}:{lines.LineNumber}");
                }
                catch (CorpusProblemException e)
                {
                    problem = e.Message;
                }
            }
            yield return Result(current, file, path, lines.LineNumber, document, problem);
        }
    }

    CorpusRecord ReadPlainText(string path, int file, long index)
    {
        long length = new FileInfo(path).Length;
        if (length > Options.MaxPlainTextBytes)
            return Result(index, file, path, 1, null,
                $"a plain text file is one document; this one has {length:N0} bytes, over the {Options.MaxPlainTextBytes:N0}-byte limit (split it)");
        using var lines = new BoundedLineReader(File.OpenRead(path), Options.MaxLineBytes);
        // Streamed: every line is checked here and the text read again later, in pieces.
        using var text = Options.StreamPlainText ? null : new MemoryStream((int)length);
        while (lines.ReadLine())
        {
            string? problem = lines.TooLong
                ? $"the line has {lines.LineBytes:N0} bytes, over the {Options.MaxLineBytes:N0}-byte limit"
                : Utf8Check.Problem(lines.Line);
            if (problem is not null) return Result(index, file, path, lines.LineNumber, null, problem);
            if (text is null) continue;
            text.Write(lines.Line);
            if (lines.EndedWithNewline) text.WriteByte((byte)'\n');
        }
        if (text is null)
            return Result(index, file, path, 1,
                new CorpusDocument(Path.GetFileName(path), CorpusDocumentKind.PlainText, []) { StreamedText = new PlainTextFile(path, length) }, null);
        string content = StrictUtf8.GetString(text.GetBuffer(), 0, (int)text.Length);
        var document = new CorpusDocument(Path.GetFileName(path), CorpusDocumentKind.PlainText, [new CorpusPart(Role.Narration, content)]);
        return Result(index, file, path, 1, document, null);
    }

    CorpusRecord Result(long index, int file, string path, long line, CorpusDocument? document, string? problem)
    {
        if (problem is not null && !Options.SkipBad)
            throw new InvalidInputFileException(path, $"line {line}: {problem}");
        return new CorpusRecord(index, file, path, line, document, problem);
    }
}
