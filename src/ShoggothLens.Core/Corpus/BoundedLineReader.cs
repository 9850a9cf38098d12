using System.IO.Hashing;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Splits a stream into lines at '\n' while holding at most <c>maxLineBytes</c> of any line: a
/// longer line is reported as too long and its bytes are dropped as they stream past, so a
/// 50 MB line costs no 50 MB buffer. A UTF-8 byte order mark at the start is not part of line 1.
/// Every byte read can be fed to a hash, so that scanning and fingerprinting are one pass.
/// </summary>
internal sealed class BoundedLineReader : IDisposable
{
    static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];
    static ReadOnlySpan<byte> LineWhitespace => [(byte)' ', (byte)'\t', (byte)'\r'];

    readonly Stream _stream;
    readonly int _maxLineBytes;
    readonly bool _keepBytes;
    readonly XxHash3? _hash;
    readonly byte[] _buffer = new byte[1 << 16];
    byte[] _line = new byte[256];
    int _start, _end;
    bool _eof, _atStart = true;

    /// <param name="keepBytes">False when only line boundaries and blankness matter (counting records).</param>
    public BoundedLineReader(Stream stream, int maxLineBytes, bool keepBytes = true, XxHash3? hash = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _keepBytes = keepBytes;
        _hash = hash;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The last line's bytes without its '\n' (empty when it was too long or bytes are not kept).</summary>
    public ReadOnlySpan<byte> Line => _tooLong || !_keepBytes ? [] : _line.AsSpan(0, _length);

    public ReadOnlyMemory<byte> LineMemory => _tooLong || !_keepBytes ? ReadOnlyMemory<byte>.Empty : _line.AsMemory(0, _length);

    /// <summary>The last line had more than the allowed bytes (<see cref="LineBytes"/> still counts them all).</summary>
    public bool TooLong => _tooLong;

    /// <summary>Length of the last line in bytes, counted even when it was too long to keep.</summary>
    public long LineBytes { get; private set; }

    /// <summary>The last line has a byte other than space, tab or CR.</summary>
    public bool HasContent { get; private set; }

    /// <summary>The last line ended with '\n' (false only for a last line without one).</summary>
    public bool EndedWithNewline { get; private set; }

    int _length;
    bool _tooLong;

    /// <summary>Advances to the next line; false at the end of the stream.</summary>
    public bool ReadLine()
    {
        _length = 0;
        _tooLong = false;
        LineBytes = 0;
        HasContent = false;
        bool any = false;
        while (true)
        {
            if (_start == _end && !Fill())
            {
                if (!any) return false;
                EndedWithNewline = false;
                LineNumber++;
                return true;
            }
            any = true;
            var available = _buffer.AsSpan(_start, _end - _start);
            int newline = available.IndexOf((byte)'\n');
            var piece = newline >= 0 ? available[..newline] : available;
            Take(piece);
            _start += piece.Length;
            if (newline >= 0)
            {
                _start++;
                EndedWithNewline = true;
                LineNumber++;
                return true;
            }
        }
    }

    void Take(ReadOnlySpan<byte> piece)
    {
        if (piece.IsEmpty) return;
        LineBytes += piece.Length;
        if (!HasContent && piece.IndexOfAnyExcept(LineWhitespace) >= 0) HasContent = true;
        if (_tooLong) return;
        if (LineBytes > _maxLineBytes)
        {
            _tooLong = true;
            return;
        }
        if (!_keepBytes) return;
        if (_length + piece.Length > _line.Length)
            Array.Resize(ref _line, (int)Math.Min(_maxLineBytes, Math.Max(2L * _line.Length, _length + piece.Length)));
        piece.CopyTo(_line.AsSpan(_length));
        _length += piece.Length;
    }

    bool Fill()
    {
        if (_eof) return false;
        _start = 0;
        // The first read asks for at least three bytes so that a BOM is always seen whole.
        _end = _atStart ? _stream.ReadAtLeast(_buffer, Bom.Length, throwOnEndOfStream: false) : _stream.Read(_buffer);
        if (_end == 0)
        {
            _eof = true;
            return false;
        }
        _hash?.Append(_buffer.AsSpan(0, _end));
        if (_atStart)
        {
            _atStart = false;
            if (_buffer.AsSpan(0, _end).StartsWith(Bom)) _start = Bom.Length;
        }
        return true;
    }

    public void Dispose() => _stream.Dispose();
}
