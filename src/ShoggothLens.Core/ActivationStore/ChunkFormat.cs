using System.Buffers.Binary;
using System.IO.Hashing;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// The fixed start of a chunk file (24 bytes, little-endian): magic "SHOGACT\0", format version
/// (uint32), header length (uint32), XxHash3 of the header (uint64); then the UTF-8 JSON header
/// (<see cref="ChunkHeader"/>), zero padding to a 64-byte boundary, and the data arrays
/// (<see cref="ChunkLayout"/>). The header hash guards the tables the data is read through; the
/// data's own XxHash3 is in the header and the manifest.
/// </summary>
internal static class ChunkFormat
{
    public const int Version = 1;
    public const int PreambleBytes = 24;
    public const int Alignment = 64;
    public const int MaxHeaderBytes = 64 << 20;
    public static ReadOnlySpan<byte> Magic => "SHOGACT\0"u8;

    public static long Align(long offset) => (offset + Alignment - 1) / Alignment * Alignment;

    /// <summary>Where the data region starts for a header of <paramref name="headerBytes"/> bytes.</summary>
    public static long DataStart(int headerBytes) => Align(PreambleBytes + headerBytes);

    public static void WritePreamble(Span<byte> destination, ReadOnlySpan<byte> header)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)header.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], XxHash3.HashToUInt64(header));
    }

    /// <summary>Checks magic and version; returns the header length and its expected hash, or throws a FormatException.</summary>
    public static (int HeaderBytes, ulong HeaderHash) ReadPreamble(ReadOnlySpan<byte> preamble, long fileLength)
    {
        if (fileLength < PreambleBytes)
            throw new FormatException($"truncated: {fileLength} bytes, shorter than the {PreambleBytes}-byte chunk preamble");
        if (!preamble[..8].SequenceEqual(Magic))
            throw new FormatException("not an activation chunk (bad magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (version != Version)
            throw new FormatException($"chunk format version {version} is not supported (this build reads version {Version})");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(preamble[12..]);
        if (length > MaxHeaderBytes)
            throw new FormatException($"header length {length} exceeds the {MaxHeaderBytes}-byte limit");
        if (PreambleBytes + (long)length > fileLength)
            throw new FormatException($"truncated: the {length}-byte header runs past the end of the file ({fileLength} bytes)");
        return ((int)length, BinaryPrimitives.ReadUInt64LittleEndian(preamble[16..]));
    }
}
