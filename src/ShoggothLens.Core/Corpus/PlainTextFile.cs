using System.Text;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// A plain text file read as one document without holding it: <see cref="CorpusReader"/> has checked every line
/// (length limit, strict UTF-8) in a streaming pass, and <see cref="Open"/> reads its text afresh in bounded pieces.
/// The text is the file's bytes after a UTF-8 byte order mark, exactly what the reader would have held.
/// </summary>
public sealed class PlainTextFile(string path, long bytes)
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Path { get; } = path;

    /// <summary>The file's size when it was checked.</summary>
    public long Bytes { get; } = bytes;

    /// <summary>
    /// The text from its start. A file changed since it was checked so that it is no longer valid UTF-8 makes the
    /// reader throw <see cref="InvalidInputFileException"/> (not a decoder exception).
    /// </summary>
    public TextReader Open()
    {
        var stream = File.OpenRead(Path);
        Span<byte> head = stackalloc byte[3];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 3 || !head.SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) stream.Position = 0;
        return new CheckedReader(new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16), Path);
    }

    /// <summary>Turns a decoding failure (the file changed under us) into the project's bad-input error.</summary>
    sealed class CheckedReader(StreamReader inner, string path) : TextReader
    {
        public override int Read(Span<char> buffer)
        {
            try { return inner.Read(buffer); }
            catch (DecoderFallbackException e) { throw new InvalidInputFileException(path, "the file is no longer valid UTF-8 (changed while it was read?)", e); }
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 0 ? -1 : one[0];
        }

        public override int Peek()
        {
            try { return inner.Peek(); }
            catch (DecoderFallbackException e) { throw new InvalidInputFileException(path, "the file is no longer valid UTF-8 (changed while it was read?)", e); }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
