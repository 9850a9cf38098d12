using System.Buffers.Binary;
using System.Text;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Sae.Formats.Numpy;

/// <summary>
/// Reads one <c>.npy</c> array (format versions 1–3) of little-endian floats ('&lt;f4', '&lt;f2', '&lt;f8')
/// from untrusted bytes: the header is parsed, not evaluated, and every size is checked against
/// what is actually there before anything is allocated.
/// </summary>
public static class NpyReader
{
    /// <summary>numpy itself writes headers of a few hundred bytes; anything far larger is not an npy file.</summary>
    public const int MaxHeaderBytes = 1 << 16;

    static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <param name="path">the file (and entry) to name in errors.</param>
    /// <param name="maxElements">refuse arrays with more elements than this.</param>
    public static NpyArray Read(ReadOnlySpan<byte> bytes, string path, string name, long maxElements = int.MaxValue)
    {
        if (bytes.Length < 10 || !bytes[..6].SequenceEqual(Magic))
            throw new InvalidInputFileException(path, $"'{name}' is not an npy array (no \\x93NUMPY magic)");
        byte major = bytes[6];
        int headerLength, headerStart;
        switch (major)
        {
            case 1:
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
                headerStart = 10;
                break;
            case 2 or 3:
                if (bytes.Length < 12) throw new InvalidInputFileException(path, $"'{name}': truncated npy header");
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]);
                if (length > MaxHeaderBytes) throw new InvalidInputFileException(path, $"'{name}': npy header of {length} bytes exceeds the {MaxHeaderBytes}-byte limit");
                headerLength = (int)length;
                headerStart = 12;
                break;
            default:
                throw new InvalidInputFileException(path, $"'{name}': npy format version {major} is not supported (1, 2 and 3 are)");
        }
        if (headerStart + headerLength > bytes.Length)
            throw new InvalidInputFileException(path, $"'{name}': npy header runs past the end of the array ({bytes.Length} bytes)");

        var header = NpyHeader.Parse(Encoding.Latin1.GetString(bytes.Slice(headerStart, headerLength)), path, name);
        var data = bytes[(headerStart + headerLength)..];
        long count = 1;
        foreach (long d in header.Shape)
        {
            if (d < 0) throw new InvalidInputFileException(path, $"'{name}': negative dimension {d}");
            count = d == 0 ? 0 : checked(count * d);
            if (count > maxElements) throw new InvalidInputFileException(path, $"'{name}': more than {maxElements} elements");
        }
        long expectedBytes = count * header.ItemSize;
        if (data.Length != expectedBytes)
            throw new InvalidInputFileException(path, $"'{name}': shape ({string.Join(", ", header.Shape)}) of {header.Descr} needs {expectedBytes} data bytes, found {data.Length}");

        var values = new float[count];
        switch (header.Descr)
        {
            case "<f4":
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts");
                System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).CopyTo(values);
                break;
            case "<f2":
                for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data[(i * 2)..]);
                break;
            case "<f8":
                for (int i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]);
                break;
        }
        return new NpyArray(name, header.Descr, header.Shape, values);
    }
}
