using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;
using Microsoft.Win32.SafeHandles;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog.Wire;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Catalog;

/// <summary>
/// A feature catalog opened for random access: the index is read and checked once, each feature is one
/// positioned read, a checksum and a MessagePack (LZ4) decode of its wire record (Catalog/Wire) with <see cref="MessagePackSecurity.UntrustedData"/>.
/// Any damage is an <see cref="InvalidInputFileException"/> naming the file.
/// </summary>
public sealed class FeatureCatalog : IDisposable
{
    readonly SafeFileHandle _data;
    readonly CatalogFormat.Entry[] _entries;
    readonly string _dataPath;

    FeatureCatalog(string directory, SafeFileHandle data, CatalogFormat.Entry[] entries, CatalogMetadata metadata)
    {
        Directory = directory;
        _data = data;
        _entries = entries;
        _dataPath = Path.Combine(directory, CatalogFormat.DataFile);
        Metadata = metadata;
    }

    public string Directory { get; }
    public CatalogMetadata Metadata { get; }
    public int Count => _entries.Length - 1;

    public static FeatureCatalog Open(string directory)
    {
        string indexPath = Path.Combine(directory, CatalogFormat.IndexFile);
        string pendingPath = Path.Combine(directory, CatalogFormat.PendingIndexFile);
        string dataPath = Path.Combine(directory, CatalogFormat.DataFile);
        if (!File.Exists(indexPath) && !File.Exists(pendingPath))
            throw new InvalidInputFileException(indexPath, "no catalog index here (is this a catalog folder written by the analysis?)");
        if (!File.Exists(dataPath)) throw new InvalidInputFileException(dataPath, "the catalog data file is missing");
        foreach (string own in new[] { dataPath, indexPath, pendingPath })
            if (File.Exists(own)) Files.FolderPaths.RequireInside(directory, own);
        long actual = new FileInfo(dataPath).Length;
        uint dataStamp = ReadStamp(dataPath);
        // The index whose commit stamp and length match the data file: index.bin, or the index.bin.next a writer killed
        // between its two renames left (features/README.md).
        var (index, stampMatches) = ReadIndex(indexPath, actual, dataStamp);
        if (!stampMatches && File.Exists(pendingPath))
        {
            try
            {
                var (pending, pendingMatches) = ReadIndex(pendingPath, actual, dataStamp);
                if (pendingMatches) (index, stampMatches, indexPath) = (pending, true, pendingPath);
            }
            catch (InvalidInputFileException) { }   // a torn or foreign pending index: report the main one's problem
        }
        if (index is null) throw new InvalidInputFileException(indexPath, "no catalog index here (is this a catalog folder written by the analysis?)");
        long dataLength = BinaryPrimitives.ReadInt64LittleEndian(index.AsSpan(16));
        int features = BinaryPrimitives.ReadInt32LittleEndian(index.AsSpan(24));
        if (actual != dataLength)
            throw new InvalidInputFileException(dataPath, $"{actual} bytes where the index says {dataLength}: the data file is truncated, extended or from another write");
        if (!stampMatches)
            throw new InvalidInputFileException(dataPath, "the data file and the index are from different writes (commit stamps differ); run analyze again");
        var entries = new CatalogFormat.Entry[features + 1];
        for (int i = 0; i < entries.Length; i++)
        {
            var e = CatalogFormat.Entry.Read(index.AsSpan(CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes * i));
            if (e.Offset < CatalogFormat.PreambleBytes || e.Length <= 0 || e.Length > CatalogFormat.MaxRecordBytes || e.Offset + e.Length > dataLength)
                throw new InvalidInputFileException(indexPath, $"entry {i} points outside the data file");
            entries[i] = e;
        }
        var handle = File.OpenHandle(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Span<byte> preamble = stackalloc byte[CatalogFormat.PreambleBytes];
            if (RandomAccess.Read(handle, preamble, 0) != preamble.Length || !preamble[..8].SequenceEqual(CatalogFormat.DataMagic))
                throw new InvalidInputFileException(dataPath, "not a catalog data file (bad magic)");
            var metadata = CatalogWireMapping.FromWire(Decode<CatalogMetadataWire>(handle, dataPath, entries[0], "metadata"));
            if (metadata.Features != features) throw new InvalidInputFileException(dataPath, $"metadata says {metadata.Features} features, the index {features}");
            return new FeatureCatalog(directory, handle, entries, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The commit stamp in the data file's preamble (0 for a file too short to hold one; its magic is checked later).</summary>
    static uint ReadStamp(string dataPath)
    {
        using var handle = File.OpenHandle(dataPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> preamble = stackalloc byte[CatalogFormat.PreambleBytes];
        return RandomAccess.Read(handle, preamble, 0) == preamble.Length ? BinaryPrimitives.ReadUInt32LittleEndian(preamble[CatalogFormat.StampOffset..]) : 0;
    }

    /// <summary>
    /// Reads and checks an index (size bounds before reading, magic, version, checksum, entry count); null when the file is
    /// absent. <c>Matches</c>: its data length and commit stamp are the data file's.
    /// </summary>
    static (byte[]? Index, bool Matches) ReadIndex(string indexPath, long dataLength, uint dataStamp)
    {
        if (!File.Exists(indexPath)) return (null, false);
        long indexLength = new FileInfo(indexPath).Length;
        long maxIndex = CatalogFormat.IndexHeaderBytes + (long)CatalogFormat.EntryBytes * (CatalogFormat.MaxFeatures + 1) + 8;
        if (indexLength < CatalogFormat.IndexHeaderBytes + CatalogFormat.EntryBytes + 8 || indexLength > maxIndex)
            throw new InvalidInputFileException(indexPath, $"index of {indexLength} bytes: not a catalog index");
        byte[] index = File.ReadAllBytes(indexPath);
        if (!index.AsSpan(0, 8).SequenceEqual(CatalogFormat.IndexMagic)) throw new InvalidInputFileException(indexPath, "not a catalog index (bad magic)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(8));
        if (version != CatalogFormat.Version) throw new InvalidInputFileException(indexPath, $"catalog format version {version}; this build reads version {CatalogFormat.Version}");
        if (BinaryPrimitives.ReadUInt64LittleEndian(index.AsSpan(index.Length - 8)) != XxHash3.HashToUInt64(index.AsSpan(0, index.Length - 8)))
            throw new InvalidInputFileException(indexPath, "index checksum mismatch: the index is damaged");
        int features = BinaryPrimitives.ReadInt32LittleEndian(index.AsSpan(24));
        if (features < 0 || index.Length != CatalogFormat.IndexHeaderBytes + (long)CatalogFormat.EntryBytes * (features + 1) + 8)
            throw new InvalidInputFileException(indexPath, $"index claims {features} features but has {index.Length} bytes");
        bool matches = BinaryPrimitives.ReadInt64LittleEndian(index.AsSpan(16)) == dataLength
                       && BinaryPrimitives.ReadUInt32LittleEndian(index.AsSpan(CatalogFormat.StampOffset)) == dataStamp;
        return (index, matches);
    }

    /// <summary>Reads one feature's statistics.</summary>
    public FeatureStatistics Read(int feature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feature);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, Count);
        var result = Decode<FeatureRecordWire>(_data, _dataPath, _entries[feature + 1], $"feature {feature}");
        if (result.Feature != feature) throw new InvalidInputFileException(_dataPath, $"the record of feature {feature} holds feature {result.Feature}");
        // Nil where the format has arrays or records (a hostile or foreign writer): reject rather than fail later.
        if (result.Overall is null || result.ByRole is null || result.Histogram is null || result.TopExamples is null || result.Scores is null
            || result.ByRole.Any(r => r is null || r.Role is null) || result.TopExamples.Any(e => e is null || e.Role is null)
            || result.Scores.LeakDocuments is null || result.Scores.LeakLabels is null || result.Scores.SharedTriggers is null
            || result.Scores.LeakDocuments.Any(l => l is null || l.Labels is null) || result.Scores.LeakLabels.Any(l => l is null))
            throw new InvalidInputFileException(_dataPath, $"feature {feature}: the record lacks required fields");
        return CatalogWireMapping.FromWire(result);
    }

    public IEnumerable<FeatureStatistics> ReadAll()
    {
        for (int f = 0; f < Count; f++) yield return Read(f);
    }

    static T Decode<T>(SafeFileHandle handle, string path, CatalogFormat.Entry entry, string what)
    {
        var bytes = new byte[entry.Length];
        if (RandomAccess.Read(handle, bytes, entry.Offset) != bytes.Length)
            throw new InvalidInputFileException(path, $"{what}: the file ends inside the record");
        if (XxHash3.HashToUInt64(bytes) != entry.Hash)
            throw new InvalidInputFileException(path, $"{what}: checksum mismatch, the record is damaged");
        try
        {
            return MessagePackSerializer.Deserialize<T>(bytes, CatalogFormat.ReadOptions)
                ?? throw new InvalidInputFileException(path, $"{what}: empty record");
        }
        catch (Exception e) when (e is MessagePackSerializationException or InvalidOperationException or OverflowException
                                      or EndOfStreamException or ArgumentException or FormatException or IndexOutOfRangeException)
        {
            throw new InvalidInputFileException(path, $"{what}: not a valid record ({e.Message})", e);
        }
    }

    public void Dispose() => _data.Dispose();
}
