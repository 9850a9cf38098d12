using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;
using MessagePack.Resolvers;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>
/// One catalog record (the metadata or a feature's MessagePack, LZ4-compressed as written or plain) mutated and
/// written back behind valid record checksums, commit stamps and index checksum — what a hostile catalog can carry —
/// so the MessagePack reader itself (under <c>MessagePackSecurity.UntrustedData</c>) meets the bytes.
/// </summary>
public sealed class CatalogRecordTarget : FuzzTarget
{
    const string Record = "record";

    public override string Name => "catalog-record";
    public override string Description => "FeatureCatalog.Open + ReadAll on a mutated MessagePack record with valid checksums";

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources)
    {
        var files = CatalogSeeds.Write(sources);
        var records = Records(files);
        var seeds = new List<FuzzSeed>();
        foreach (int r in new[] { 0, 1, 2, 6 })   // metadata, a candidate, a plain live feature, a dead one (SyntheticCatalogOptions in CatalogSeeds)
        {
            seeds.Add(new FuzzSeed($"record {r} lz4", files, $"{Record}{r}", records[r]));
            seeds.Add(new FuzzSeed($"record {r} plain", files, $"{Record}{r}", Plain(records[r])));
        }
        return seeds;
    }

    public override void Prepare(string folder, FuzzSeed seed, byte[] mutated)
    {
        var records = Records(seed.Files);
        records[int.Parse(seed.Mutable[Record.Length..])] = mutated;
        var (data, index) = Compose(records);
        File.WriteAllBytes(Path.Combine(folder, CatalogFormat.DataFile), data);
        File.WriteAllBytes(Path.Combine(folder, CatalogFormat.IndexFile), index);
    }

    public override void Parse(string folder, FuzzSeed seed) => CatalogTarget.ReadCatalog(folder);

    /// <summary>The records in index order (metadata first), cut from the seed's files by the seed's index.</summary>
    static List<byte[]> Records(IReadOnlyDictionary<string, byte[]> files)
    {
        var data = files[CatalogFormat.DataFile];
        var index = files[CatalogFormat.IndexFile];
        int features = BinaryPrimitives.ReadInt32LittleEndian(index.AsSpan(24));
        var records = new List<byte[]>();
        for (int i = 0; i <= features; i++)
        {
            var entry = index.AsSpan(CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes * i);
            long offset = BinaryPrimitives.ReadInt64LittleEndian(entry);
            int length = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
            records.Add(data.AsSpan((int)offset, length).ToArray());
        }
        return records;
    }

    /// <summary>The record without LZ4 (the reader takes plain MessagePack as well), so mutations land on MessagePack itself.</summary>
    static byte[] Plain(byte[] compressed)
    {
        var options = ContractlessStandardResolver.Options.WithCompression(MessagePackCompression.Lz4BlockArray);
        var tree = MessagePackSerializer.Deserialize<object>(compressed, options);
        return MessagePackSerializer.Serialize(tree, ContractlessStandardResolver.Options);
    }

    /// <summary>catalog.bin and index.bin laid out as FeatureCatalogWriter lays them out (features/README.md).</summary>
    static (byte[] Data, byte[] Index) Compose(List<byte[]> records)
    {
        long length = CatalogFormat.PreambleBytes + records.Sum(r => (long)r.Length);
        var data = new byte[length];
        CatalogFormat.DataMagic.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(8), CatalogFormat.Version);
        var index = new byte[CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes * records.Count + 8];
        var all = new XxHash3();
        long offset = CatalogFormat.PreambleBytes;
        for (int i = 0; i < records.Count; i++)
        {
            records[i].CopyTo(data.AsSpan((int)offset));
            all.Append(records[i]);
            var entry = index.AsSpan(CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes * i);
            BinaryPrimitives.WriteInt64LittleEndian(entry, offset);
            BinaryPrimitives.WriteInt32LittleEndian(entry[8..], records[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], XxHash3.HashToUInt64(records[i]));
            offset += records[i].Length;
        }
        uint stamp = (uint)all.GetCurrentHashAsUInt64();
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(CatalogFormat.StampOffset), stamp);
        CatalogFormat.IndexMagic.CopyTo(index);
        BinaryPrimitives.WriteUInt32LittleEndian(index.AsSpan(8), CatalogFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(index.AsSpan(CatalogFormat.StampOffset), stamp);
        BinaryPrimitives.WriteInt64LittleEndian(index.AsSpan(16), length);
        BinaryPrimitives.WriteInt32LittleEndian(index.AsSpan(24), records.Count - 1);
        BinaryPrimitives.WriteUInt64LittleEndian(index.AsSpan(index.Length - 8), XxHash3.HashToUInt64(index.AsSpan(0, index.Length - 8)));
        return (data, index);
    }
}
