using System.IO.Compression;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Sae.Formats.Numpy;

/// <summary>
/// Reads the arrays of an <c>.npz</c> file (a zip of <c>NAME.npy</c> entries, stored or deflated,
/// as <c>np.savez</c> writes it). Declared sizes are checked before anything is inflated, and no
/// entry is read past its declared size, so a zip bomb or a lying header gives a clear error.
/// </summary>
public static class NpzArchive
{
    public const int MaxEntries = 256;
    /// <summary>Per array; a float32 array this large would not fit a .NET array anyway.</summary>
    public const long MaxEntryBytes = 2L << 30;

    /// <summary>Deflate's largest expansion (258-byte matches from 2-bit codes): about 1032 bytes out per byte in.</summary>
    const long MaxDeflateRatio = 1032;

    /// <summary>Reads exactly <paramref name="declared"/> bytes in pieces (memory grows with the bytes that arrive), refusing more or fewer.</summary>
    static byte[] ReadDeclared(Stream input, long declared, string path, string name)
    {
        using var buffer = new MemoryStream((int)Math.Min(declared, 16 << 20));
        var piece = new byte[1 << 20];
        while (buffer.Length < declared)
        {
            int n = input.Read(piece, 0, (int)Math.Min(piece.Length, declared - buffer.Length));
            if (n == 0) throw new InvalidInputFileException(path, $"entry '{name}' ends after {buffer.Length} of the {declared} bytes it declares");
            buffer.Write(piece, 0, n);
        }
        if (input.ReadByte() != -1)
            throw new InvalidInputFileException(path, $"entry '{name}' holds more bytes than it declares");
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
    }

    public static IReadOnlyDictionary<string, NpyArray> Read(string path, long maxTotalBytes = 8L << 30)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "file not found");
        long fileLength = new FileInfo(path).Length;
        ZipArchive zip;
        var stream = File.OpenRead(path);
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidInputFileException(path, $"not a zip archive ({e.Message})");
        }
        try
        {
            // The central directory is read on first use of Entries: a damaged one is refused here, with the file named.
            _ = zip.Entries.Count;
        }
        catch (InvalidDataException e)
        {
            zip.Dispose();
            throw new InvalidInputFileException(path, $"not a zip archive: its central directory is damaged ({e.Message})");
        }
        using (zip)
        {
            if (zip.Entries.Count > MaxEntries)
                throw new InvalidInputFileException(path, $"{zip.Entries.Count} entries; an npz of SAE weights has at most {MaxEntries}");
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                string name = entry.FullName[..^4];
                if (entry.Length > MaxEntryBytes)
                    throw new InvalidInputFileException(path, $"entry '{entry.FullName}' declares {entry.Length} bytes, over the {MaxEntryBytes >> 20} MiB limit");
                total += entry.Length;
                if (total > maxTotalBytes)
                    throw new InvalidInputFileException(path, $"entries declare more than {maxTotalBytes >> 20} MiB in all");
                // A declared size is a claim: no deflate stream inflates more than ~1032× its compressed bytes, and those lie
                // in this file. Checked before anything is allocated; then the bytes are read in pieces, so memory follows
                // what the entry really holds, not what it claims (issue 14: 2 GB declared in a 135 KB file).
                if (entry.CompressedLength > fileLength || entry.Length > entry.CompressedLength * MaxDeflateRatio + 1024)
                    throw new InvalidInputFileException(path, $"entry '{entry.FullName}' declares {entry.Length} bytes from {entry.CompressedLength} compressed bytes in a file of {fileLength}: not a real entry");
                byte[] bytes;
                try
                {
                    using var input = entry.Open();
                    bytes = ReadDeclared(input, entry.Length, path, entry.FullName);
                }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
                {
                    throw new InvalidInputFileException(path, $"entry '{entry.FullName}' is damaged ({e.Message})");
                }
                if (!arrays.TryAdd(name, NpyReader.Read(bytes, path, name)))
                    throw new InvalidInputFileException(path, $"array '{name}' appears twice");
            }
            return arrays;
        }
    }
}
