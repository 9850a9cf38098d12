using System.IO.Compression;
using System.Text;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Sae.Formats.Numpy;

namespace ShoggothLens.Sae.Tests.Formats;

/// <summary>The npz/npy reader on numpy's own files and on hostile ones: every problem is a clear InvalidInputFileException.</summary>
public class NpzTests
{
    [Fact]
    public void Reads_the_gemma_scope_fixture()
    {
        var arrays = NpzArchive.Read(Path.Combine(ReferenceFixtures.Sae("gemmascope-jumprelu"), "params.npz"));
        Assert.Equal(["W_dec", "W_enc", "b_dec", "b_enc", "threshold"], arrays.Keys.Order());
        Assert.Equal([64L, 256L], arrays["W_enc"].Shape);
        Assert.Equal("<f4", arrays["W_enc"].DType);
        Assert.Equal(64 * 256, arrays["W_enc"].Data.Length);
    }

    static byte[] Npy(string header, byte[] data, byte major = 1)
    {
        // Pad the header as numpy does: magic + version + length + header + '\n', a multiple of 64.
        int prefix = major == 1 ? 10 : 12;
        string padded = header;
        while ((prefix + padded.Length + 1) % 64 != 0) padded += " ";
        padded += "\n";
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)padded.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)padded.Length));
        bytes.AddRange(Encoding.Latin1.GetBytes(padded));
        bytes.AddRange(data);
        return [.. bytes];
    }

    static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    static string Zip(TempDirectory temp, params (string Name, byte[] Bytes)[] entries)
    {
        string path = temp.File(Guid.NewGuid().ToString("N") + ".npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(bytes);
            }
        return path;
    }

    [Fact]
    public void Reads_float16_float64_and_version_2_headers()
    {
        using var temp = new TempDirectory();
        var half = new[] { (Half)1.5f, (Half)(-2f) }.SelectMany(h => BitConverter.GetBytes(h)).ToArray();
        var dbl = new[] { 0.25, 3.0 }.SelectMany(BitConverter.GetBytes).ToArray();
        string path = Zip(temp,
            ("a.npy", Npy("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", half)),
            ("b.npy", Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", dbl, major: 2)),
            ("c.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", Floats(7f))));
        var arrays = NpzArchive.Read(path);
        Assert.Equal([1.5f, -2f], arrays["a"].Data);
        Assert.Equal([0.25f, 3f], arrays["b"].Data);
        Assert.Equal([1L, 2L], arrays["b"].Shape);
        Assert.Equal([7f], arrays["c"].Data);
    }

    public static TheoryData<string, byte[], string> HostileArrays => new()
    {
        { "no magic", Encoding.ASCII.GetBytes("not numpy at all"), "magic" },
        { "fortran order", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", Floats(1)), "Fortran" },
        { "integer dtype", Npy("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }", new byte[8]), "not supported" },
        { "big-endian", Npy("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", Floats(1)), "not supported" },
        { "short data", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", Floats(1, 2)), "needs 12 data bytes" },
        { "long data", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", Floats(1, 2)), "needs 4 data bytes" },
        { "huge shape", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000, 1000000000), }", Floats(1)), "more than" },
        { "code in header", Npy("{'descr': __import__('os'), 'shape': (1,), }", Floats(1)), "bad npy header" },
        { "unknown key", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", Floats(1)), "unexpected header key" },
        { "missing shape", Npy("{'descr': '<f4', 'fortran_order': False, }", Floats(1)), "lacks" },
        { "version 9", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", Floats(1), major: 9), "version 9" },
    };

    [Theory]
    [MemberData(nameof(HostileArrays))]
    public void Hostile_arrays_give_clear_errors(string what, byte[] npy, string expected)
    {
        using var temp = new TempDirectory();
        string path = Zip(temp, ("W_enc.npy", npy));
        var e = Assert.Throws<InvalidInputFileException>(() => NpzArchive.Read(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
        Assert.False(string.IsNullOrEmpty(what));
    }

    [Fact]
    public void Broken_archives_give_clear_errors()
    {
        using var temp = new TempDirectory();
        string notZip = temp.Write("a.npz", "definitely not a zip");
        Assert.Contains("not a zip", Assert.Throws<InvalidInputFileException>(() => NpzArchive.Read(notZip)).Message);

        string good = Zip(temp, ("W.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4096,), }", new byte[4 * 4096])));
        var bytes = File.ReadAllBytes(good);
        string cut = temp.File("cut.npz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - 30)]);
        Assert.Throws<InvalidInputFileException>(() => NpzArchive.Read(cut));

        Assert.Contains("file not found", Assert.Throws<InvalidInputFileException>(() => NpzArchive.Read(temp.File("missing.npz"))).Message);
        Assert.Contains("more than", Assert.Throws<InvalidInputFileException>(() => NpzArchive.Read(good, maxTotalBytes: 1000)).Message);
    }
}
