using System.Buffers.Binary;
using System.IO.Hashing;
using ShoggothLens.Core.Files;

namespace ShoggothLens.Core.Analysis;

/// <summary>
/// The analysis checkpoint on disk: its body, then an XxHash3-64 of the body (8 bytes, little-endian). Written
/// atomically; read only after the whole file's checksum holds, so a flipped bit or a torn copy is found before any
/// state is loaded from it (issue 14: a damaged checkpoint was used and changed the catalog).
/// </summary>
static class CheckpointFile
{
    const int HashBytes = 8;

    public static void Write(string path, Action<Stream> writeBody) => AtomicFile.Write(path, stream =>
    {
        var hashing = new HashingStream(stream);
        writeBody(hashing);
        Span<byte> trailer = stackalloc byte[HashBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, hashing.Hash.GetCurrentHashAsUInt64());
        stream.Write(trailer);
    });

    /// <summary>True when the file ends with the checksum of everything before it (one streaming read).</summary>
    public static bool Verify(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        long body = stream.Length - HashBytes;
        if (body < 0) return false;
        var hash = new XxHash3();
        var buffer = new byte[1 << 20];
        for (long left = body; left > 0;)
        {
            int n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0) return false;
            hash.Append(buffer.AsSpan(0, n));
            left -= n;
        }
        Span<byte> trailer = stackalloc byte[HashBytes];
        stream.ReadExactly(trailer);
        return BinaryPrimitives.ReadUInt64LittleEndian(trailer) == hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The body's length (what a reader may consume).</summary>
    public static long BodyLength(string path) => new FileInfo(path).Length - HashBytes;

    /// <summary>Passes writes through to the file and into the hash.</summary>
    sealed class HashingStream(Stream inner) : Stream
    {
        public XxHash3 Hash { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.Append(buffer);
            inner.Write(buffer);
        }
    }
}
