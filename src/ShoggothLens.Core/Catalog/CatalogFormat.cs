using System.Buffers.Binary;
using MessagePack;

namespace ShoggothLens.Core.Catalog;

/// <summary>Constants and shared helpers of the catalog format (features/README.md).</summary>
public static class CatalogFormat
{
    public const uint Version = 1;
    public const string DataFile = "catalog.bin";
    public const string IndexFile = "index.bin";
    /// <summary>The two files as written, complete, before the commit renames them into place (features/README.md).</summary>
    public const string PendingDataFile = DataFile + ".next";
    public const string PendingIndexFile = IndexFile + ".next";
    /// <summary>Offset of the commit stamp in both files' headers: the low 32 bits of an XxHash3 of the data file's records.</summary>
    public const int StampOffset = 12;
    public static ReadOnlySpan<byte> DataMagic => "SHOGCAT\0"u8;
    public static ReadOnlySpan<byte> IndexMagic => "SHOGCIX\0"u8;
    public const int PreambleBytes = 16;
    public const int IndexHeaderBytes = 32;
    public const int EntryBytes = 24;
    /// <summary>Largest record a reader accepts (compressed bytes).</summary>
    public const int MaxRecordBytes = 64 << 20;
    /// <summary>Largest feature count a reader accepts.</summary>
    public const int MaxFeatures = 1 << 26;

    public static MessagePackSerializerOptions WriteOptions { get; } =
        MessagePackSerializerOptions.Standard.WithCompression(MessagePackCompression.Lz4BlockArray);

    public static MessagePackSerializerOptions ReadOptions { get; } =
        WriteOptions.WithSecurity(MessagePackSecurity.UntrustedData);

    internal readonly record struct Entry(long Offset, int Length, ulong Hash)
    {
        public void Write(Span<byte> target)
        {
            BinaryPrimitives.WriteInt64LittleEndian(target, Offset);
            BinaryPrimitives.WriteInt32LittleEndian(target[8..], Length);
            BinaryPrimitives.WriteUInt32LittleEndian(target[12..], 0);
            BinaryPrimitives.WriteUInt64LittleEndian(target[16..], Hash);
        }

        public static Entry Read(ReadOnlySpan<byte> source) => new(
            BinaryPrimitives.ReadInt64LittleEndian(source),
            BinaryPrimitives.ReadInt32LittleEndian(source[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(source[16..]));
    }
}
