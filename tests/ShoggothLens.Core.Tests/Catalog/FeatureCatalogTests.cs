using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Catalog;

public sealed class FeatureCatalogTests : IDisposable
{
    readonly string _dir = Path.Combine(Path.GetTempPath(), "catalog-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    static List<FeatureStatistics> Features(int count) => Export.ExportCatalogs.Basic(count);

    static CatalogMetadata Metadata(int count) => new("test", count, 300, ["User", "Assistant", "Persona(spy)"], ["trigger", "motive"],
        new Dictionary<string, string> { ["store"] = "STORE", ["epsilon"] = "1E-05" });

    static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void RoundTripsAndReadsAnyFeatureByItsId()
    {
        var features = Features(12);
        FeatureCatalogWriter.Write(_dir, Metadata(12), features);
        using var catalog = FeatureCatalog.Open(_dir);
        Assert.Equal(12, catalog.Count);
        Assert.Equal(Json(Metadata(12)), Json(catalog.Metadata));
        foreach (int f in new[] { 7, 0, 11, 3 })
            Assert.Equal(Json(features[f]), Json(catalog.Read(f)));
        Assert.Equal(features.Select(Json), catalog.ReadAll().Select(Json));
        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Read(12));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void ARecordWithNilWhereTheFormatHasAnArrayIsRefused()
    {
        // Nil in a required array (a foreign or buggy writer): the reader refuses it instead of handing out a record that fails later.
        var features = Features(3);
        features[1] = features[1] with { Scores = features[1].Scores with { LeakLabels = null! } };
        features[2] = features[2] with { TopExamples = [features[2].TopExamples[0] with { Role = null! }] };
        FeatureCatalogWriter.Write(_dir, Metadata(3), features);
        using var catalog = FeatureCatalog.Open(_dir);
        Assert.Equal(Json(features[0]), Json(catalog.Read(0)));
        foreach (int f in new[] { 1, 2 })
            Assert.Contains($"feature {f}: the record lacks required fields", Assert.Throws<InvalidInputFileException>(() => catalog.Read(f)).Message);
    }

    [Fact]
    public void WritingTwiceGivesIdenticalFiles()
    {
        var features = Features(5);
        FeatureCatalogWriter.Write(_dir, Metadata(5), features);
        byte[] data = File.ReadAllBytes(Path.Combine(_dir, "catalog.bin")), index = File.ReadAllBytes(Path.Combine(_dir, "index.bin"));
        FeatureCatalogWriter.Write(_dir, Metadata(5), Features(5));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(_dir, "catalog.bin")));
        Assert.Equal(index, File.ReadAllBytes(Path.Combine(_dir, "index.bin")));
    }

    [Fact]
    public void DamagedFilesAreClearErrors()
    {
        FeatureCatalogWriter.Write(_dir, Metadata(4), Features(4));
        string data = Path.Combine(_dir, "catalog.bin"), index = Path.Combine(_dir, "index.bin");
        byte[] goodData = File.ReadAllBytes(data), goodIndex = File.ReadAllBytes(index);

        // A flipped byte near the end (inside the last feature's record).
        var bad = (byte[])goodData.Clone();
        bad[^3] ^= 0x5a;
        File.WriteAllBytes(data, bad);
        using (var catalog = FeatureCatalog.Open(_dir))
        {
            catalog.Read(0);
            var e = Assert.Throws<InvalidInputFileException>(() => catalog.Read(3));
            Assert.Contains("checksum", e.Message);
        }

        File.WriteAllBytes(data, goodData[..^10]);
        Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(_dir));

        File.WriteAllBytes(data, goodData);
        var badIndex = (byte[])goodIndex.Clone();
        badIndex[40] ^= 1;
        File.WriteAllBytes(index, badIndex);
        Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(_dir));

        File.WriteAllBytes(index, goodIndex[..20]);
        Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(_dir));

        File.WriteAllBytes(index, new byte[goodIndex.Length]);
        Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(_dir));

        File.Delete(index);
        Assert.Throws<InvalidInputFileException>(() => FeatureCatalog.Open(_dir));
    }

    [Fact]
    public void GarbageRecordWithAMatchingChecksumIsAClearError()
    {
        // A record that passes its checksum but is not MessagePack of a feature (e.g. written by a buggy tool).
        FeatureCatalogWriter.Write(_dir, Metadata(1), Features(1));
        string data = Path.Combine(_dir, "catalog.bin"), index = Path.Combine(_dir, "index.bin");
        byte[] bytes = File.ReadAllBytes(data);
        byte[] idx = File.ReadAllBytes(index);
        int entry = 32 + 24;   // feature 0's index entry
        long offset = BitConverter.ToInt64(idx, entry);
        int length = BitConverter.ToInt32(idx, entry + 8);
        var garbage = Enumerable.Repeat((byte)0xc1, length).ToArray();   // 0xc1 is never used in MessagePack
        garbage.CopyTo(bytes, offset);
        File.WriteAllBytes(data, bytes);
        BitConverter.GetBytes(System.IO.Hashing.XxHash3.HashToUInt64(garbage)).CopyTo(idx, entry + 16);
        BitConverter.GetBytes(System.IO.Hashing.XxHash3.HashToUInt64(idx.AsSpan(0, idx.Length - 8))).CopyTo(idx, idx.Length - 8);
        File.WriteAllBytes(index, idx);
        using (var catalog = FeatureCatalog.Open(_dir))
            Assert.Throws<InvalidInputFileException>(() => catalog.Read(0));

        // Random and truncated records (checksums made to match) never crash with anything but a clear error.
        var random = new Random(5);
        foreach (int size in new[] { 1, 2, 7, 30, 200 })
        {
            for (int trial = 0; trial < 20; trial++)
            {
                var record = new byte[size];
                random.NextBytes(record);
                if (trial % 2 == 0) record[0] = (byte)(0x90 + random.Next(16));   // a fixarray header, to get past the first byte
                WriteRecord(record);
                using var catalog = FeatureCatalog.Open(_dir);
                try { catalog.Read(0); }
                catch (InvalidInputFileException) { }
            }
        }
    }

    void WriteRecord(byte[] record)
    {
        string data = Path.Combine(_dir, "catalog.bin"), index = Path.Combine(_dir, "index.bin");
        byte[] idx = File.ReadAllBytes(index);
        int entry = 32 + 24;
        long offset = BitConverter.ToInt64(idx, entry);
        byte[] bytes = File.ReadAllBytes(data)[..(int)offset].Concat(record).ToArray();
        File.WriteAllBytes(data, bytes);
        BitConverter.GetBytes(record.Length).CopyTo(idx, entry + 8);
        BitConverter.GetBytes(System.IO.Hashing.XxHash3.HashToUInt64(record)).CopyTo(idx, entry + 16);
        BitConverter.GetBytes((long)bytes.Length).CopyTo(idx, 16);
        BitConverter.GetBytes(System.IO.Hashing.XxHash3.HashToUInt64(idx.AsSpan(0, idx.Length - 8))).CopyTo(idx, idx.Length - 8);
        File.WriteAllBytes(index, idx);
    }
}
