using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.ActivationStore;

/// <summary>A store whose files were truncated or altered is detected and the damaged file named; it is never read silently.</summary>
public sealed class StoreDamageTests : IDisposable
{
    readonly StoreFolder _folder = new();
    readonly string _dir;

    public StoreDamageTests()
    {
        _dir = _folder.Path("s");
        new SyntheticHarvest().Write(_dir).Dispose();
    }

    public void Dispose() => _folder.Dispose();

    string ChunkPath(int i) => Path.Combine(_dir, ManifestChunk.FileFor(i));

    long DataStart(int i)
    {
        using var chunk = ActivationChunk.Open(ChunkPath(i));
        return new FileInfo(ChunkPath(i)).Length - chunk.Layout.DataBytes;
    }

    void FlipByte(string path, long offset)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        f.Position = offset;
        int b = f.ReadByte();
        f.Position = offset;
        f.WriteByte((byte)(b ^ 0x10));
    }

    InvalidInputFileException ReadFails(int chunk) =>
        Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(_dir).OpenChunk(chunk).Dispose());

    [Theory]
    [InlineData(0)]      // first activation byte
    [InlineData(700)]    // inside the activations
    [InlineData(-1)]     // last byte of the label masks
    public void AFlippedDataByteIsDetected(long at)
    {
        long offset = at >= 0 ? DataStart(1) + at : new FileInfo(ChunkPath(1)).Length - 1;
        FlipByte(ChunkPath(1), offset);
        var e = ReadFails(1);
        Assert.Equal(ChunkPath(1), e.FilePath);
        Assert.Contains("data checksum mismatch", e.Message);
        ActivationStoreReader.Open(_dir).OpenChunk(0).Dispose(); // the other chunks still read
    }

    [Fact]
    public void AFlippedHeaderByteIsDetected()
    {
        FlipByte(ChunkPath(2), ChunkFormatOffsets.HeaderStart + 30);
        Assert.Contains("header's checksum does not match", ReadFails(2).Message);
    }

    [Fact]
    public void ABadMagicIsDetected()
    {
        FlipByte(ChunkPath(0), 0);
        Assert.Contains("not an activation chunk", ReadFails(0).Message);
    }

    [Fact]
    public void ATruncatedChunkIsDetected()
    {
        using (var f = new FileStream(ChunkPath(1), FileMode.Open)) f.SetLength(f.Length - 10);
        Assert.Contains("truncated", ReadFails(1).Message);
        using (var f = new FileStream(ChunkPath(1), FileMode.Open)) f.SetLength(10);
        Assert.Contains("truncated: 10 bytes", ReadFails(1).Message);
    }

    [Fact]
    public void AnExtendedChunkIsDetected()
    {
        using (var f = new FileStream(ChunkPath(1), FileMode.Append)) f.WriteByte(0);
        Assert.Contains("1 more than the header's layout", ReadFails(1).Message);
    }

    [Fact]
    public void AChunkSwappedForAnotherSoundOneIsDetected()
    {
        File.Copy(ChunkPath(1), ChunkPath(0), overwrite: true);
        Assert.Contains("differs from the manifest's", ReadFails(0).Message);
    }

    [Fact]
    public void AMissingChunkIsNamed()
    {
        File.Delete(ChunkPath(1));
        var e = ReadFails(1);
        Assert.Equal(ChunkPath(1), e.FilePath);
        Assert.Contains("chunk file not found", e.Message);
    }

    [Fact]
    public void VerifyListsEveryDamagedChunkByName()
    {
        FlipByte(ChunkPath(0), DataStart(0) + 5);
        FlipByte(ChunkPath(2), DataStart(2) + 5);
        var problems = ActivationStoreReader.Open(_dir).Verify();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith(ChunkPath(0), problems[0]);
        Assert.StartsWith(ChunkPath(2), problems[1]);
    }

    [Fact]
    public void ASamplerRefusesADamagedChunk()
    {
        FlipByte(ChunkPath(1), DataStart(1) + 3);
        var store = ActivationStoreReader.Open(_dir);
        var e = Assert.Throws<InvalidInputFileException>(() =>
        {
            using var sampler = new ShuffledBatchSampler(store, new SamplerOptions(store.Hooks[0], 64, 32, 1));
            for (int i = 0; i < 100; i++) sampler.Next();
        });
        Assert.Equal(ChunkPath(1), e.FilePath);
    }

    string ManifestPath => Path.Combine(_dir, StoreManifest.FileName);

    void EditManifest(string from, string to)
    {
        string text = File.ReadAllText(ManifestPath);
        Assert.Contains(from, text);
        File.WriteAllText(ManifestPath, text.Replace(from, to));
    }

    [Fact]
    public void AManifestCannotPointOutsideTheStore()
    {
        EditManifest("\"chunks/chunk-000001.bin\"", "\"../../etc/passwd\"");
        var e = Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(_dir));
        Assert.Equal(ManifestPath, e.FilePath);
        Assert.Contains("chunk files are named chunks/chunk-000001.bin", e.Message);
    }

    [Fact]
    public void AManifestWhoseCountsDisagreeIsRefused()
    {
        string text = File.ReadAllText(ManifestPath);
        int at = text.IndexOf("\"tokens\": ", StringComparison.Ordinal);
        File.WriteAllText(ManifestPath, text[..at] + "\"tokens\": 1" + text[at..].Substring(text[at..].IndexOf(','))); 
        Assert.Contains("'tokens' differs", Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(_dir)).Message);
    }

    [Fact]
    public void ATruncatedManifestIsRefused()
    {
        File.WriteAllBytes(ManifestPath, File.ReadAllBytes(ManifestPath)[..100]);
        Assert.Contains("not valid JSON", Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(_dir)).Message);
    }

    [Fact]
    public void ANewerFormatVersionIsRefusedClearly()
    {
        EditManifest("\"version\": 1", "\"version\": 2");
        Assert.Contains("store format version 2 is not supported", Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(_dir)).Message);
    }

    [Fact]
    public void AFolderWithoutAManifestIsNoStore() =>
        Assert.Contains("not an activation store",
            Assert.Throws<InvalidInputFileException>(() => ActivationStoreReader.Open(_folder.Root)).Message);

    static class ChunkFormatOffsets
    {
        public const int HeaderStart = 24;
    }

    [Fact]
    public void ChunkFilesStartWithTheDocumentedPreamble()
    {
        var bytes = File.ReadAllBytes(ChunkPath(0));
        Assert.Equal("SHOGACT\0", Encoding.ASCII.GetString(bytes, 0, 8));
        Assert.Equal(1, BitConverter.ToInt32(bytes, 8));
        int headerLength = BitConverter.ToInt32(bytes, 12);
        Assert.StartsWith("{\"format\":\"shoggoth-activation-chunk\"", Encoding.UTF8.GetString(bytes, 24, headerLength));
        Assert.Equal(0, DataStart(0) % 64);
    }
}
