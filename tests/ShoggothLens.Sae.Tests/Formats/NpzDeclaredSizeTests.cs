using System.Buffers.Binary;
using System.IO.Compression;
using ShoggothLens.Core.Formats;
using ShoggothLens.Sae.Formats.Numpy;

namespace ShoggothLens.Sae.Tests.Formats;

/// <summary>
/// Issue 14: an npz entry declaring 2 GB in a 135 KB file crashed with OutOfMemory (exit 70). A declared size is checked
/// against the bytes that could hold it before anything is allocated.
/// </summary>
public class NpzDeclaredSizeTests
{
    /// <summary>Rewrites every uncompressed-size field (local headers at +22, central directory at +24) to <paramref name="size"/>.</summary>
    static void Declare(string path, uint size)
    {
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 0; i + 30 <= bytes.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            if (signature == 0x04034b50) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
            else if (signature == 0x02014b50) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
        }
        File.WriteAllBytes(path, bytes);
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.NoCompression)]
    public void An_entry_declaring_two_gigabytes_in_a_small_file_is_refused_before_allocating(CompressionLevel level)
    {
        using var temp = new TempDirectory();
        string path = temp.File("params.npz");
        var random = new Random(3);
        var payload = new byte[135_000];
        random.NextBytes(payload);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var s = zip.CreateEntry("W_enc.npy", level).Open())
            s.Write(payload);
        Declare(path, 0x7FFF_FFF0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidInputFileException>(() => NpzArchive.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("W_enc.npy", e.Message);
        Assert.True(allocated < 64 << 20, $"{allocated} bytes allocated for a {new FileInfo(path).Length}-byte file");
    }
}
