using ShoggothLens.Core.Files;
using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog.Wire;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Catalog;

/// <summary>
/// Writes a catalog as one unit: catalog.bin and index.bin are first written whole as catalog.bin.next and
/// index.bin.next (each atomically), then renamed into place, data first. Both carry the same commit stamp (a hash
/// of the records), so a reader tells which index belongs to the data file: a kill between the two renames leaves
/// the new data, the old index and the new index.bin.next, and the reader takes the one whose stamp matches.
/// </summary>
public static class FeatureCatalogWriter
{
    /// <summary>Writes features 0 .. metadata.Features − 1, which <paramref name="features"/> must yield in id order.</summary>
    public static void Write(string directory, CatalogMetadata metadata, IEnumerable<FeatureStatistics> features, IProgress<int>? progress = null)
    {
        var entries = new CatalogFormat.Entry[metadata.Features];
        CatalogFormat.Entry meta = default;
        long length = 0;
        uint stamp = 0;
        string pendingData = Path.Combine(directory, CatalogFormat.PendingDataFile);
        string pendingIndex = Path.Combine(directory, CatalogFormat.PendingIndexFile);
        AtomicFile.Write(pendingData, stream =>
        {
            Span<byte> preamble = stackalloc byte[CatalogFormat.PreambleBytes];
            preamble.Clear();
            CatalogFormat.DataMagic.CopyTo(preamble);
            BinaryPrimitives.WriteUInt32LittleEndian(preamble[8..], CatalogFormat.Version);
            stream.Write(preamble);
            long offset = CatalogFormat.PreambleBytes;
            var records = new XxHash3();
            CatalogFormat.Entry Append(byte[] bytes)
            {
                stream.Write(bytes);
                records.Append(bytes);
                var entry = new CatalogFormat.Entry(offset, bytes.Length, XxHash3.HashToUInt64(bytes));
                offset += bytes.Length;
                return entry;
            }
            meta = Append(MessagePackSerializer.Serialize(CatalogWireMapping.ToWire(metadata), CatalogFormat.WriteOptions));
            int next = 0;
            foreach (var feature in features)
            {
                if (next >= metadata.Features) throw new ArgumentException($"more features than the metadata's {metadata.Features}");
                if (feature.Feature != next) throw new ArgumentException($"feature {feature.Feature} given where {next} was expected (features must come in id order)");
                entries[next++] = Append(MessagePackSerializer.Serialize(CatalogWireMapping.ToWire(feature), CatalogFormat.WriteOptions));
                progress?.Report(next);
            }
            if (next != metadata.Features) throw new ArgumentException($"{next} features given, the metadata says {metadata.Features}");
            length = offset;
            stamp = (uint)records.GetCurrentHashAsUInt64();
            Span<byte> stampBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(stampBytes, stamp);
            stream.Position = CatalogFormat.StampOffset;
            stream.Write(stampBytes);
            stream.Position = offset;
        });

        var index = new byte[CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes * (entries.Length + 1) + 8];
        CatalogFormat.IndexMagic.CopyTo(index);
        BinaryPrimitives.WriteUInt32LittleEndian(index.AsSpan(8), CatalogFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(index.AsSpan(CatalogFormat.StampOffset), stamp);
        BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(16), length);
        BinaryPrimitives.WriteInt32LittleEndian(index.AsSpan(24), entries.Length);
        meta.Write(index.AsSpan(CatalogFormat.IndexHeaderBytes));
        for (int i = 0; i < entries.Length; i++)
            entries[i].Write(index.AsSpan(CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes * (i + 1)));
        BinaryPrimitives.WriteUInt64LittleEndian(index.AsSpan(index.Length - 8), XxHash3.HashToUInt64(index.AsSpan(0, index.Length - 8)));
        AtomicFile.Write(pendingIndex, s => s.Write(index));
        Commit(directory);
    }

    /// <summary>The commit: both complete files renamed into place, data first (a kill in between is repaired by readers).</summary>
    static void Commit(string directory)
    {
        File.Move(Path.Combine(directory, CatalogFormat.PendingDataFile), Path.Combine(directory, CatalogFormat.DataFile), overwrite: true);
        File.Move(Path.Combine(directory, CatalogFormat.PendingIndexFile), Path.Combine(directory, CatalogFormat.IndexFile), overwrite: true);
    }
}
