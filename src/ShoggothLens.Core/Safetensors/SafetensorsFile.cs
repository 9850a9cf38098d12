using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Safetensors;

/// <summary>
/// A safetensors file opened for reading through a memory map. The header is validated on open
/// (see <see cref="SafetensorsHeader"/>); tensor bytes are read on demand.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    readonly long _dataStart;

    SafetensorsFile(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, long dataStart,
        Dictionary<string, SafetensorsTensorInfo> tensors, Dictionary<string, string> metadata)
    {
        Path = path;
        _map = map;
        _view = view;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    public string Path { get; }
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsFile Open(string path)
    {
        if (!File.Exists(path))
            throw new InvalidInputFileException(path, "file not found");
        long fileLength = new FileInfo(path).Length;
        if (fileLength < 8)
            throw new InvalidInputFileException(path, $"too short for a safetensors file ({fileLength} bytes; the header length alone takes 8)");

        Span<byte> lengthBytes = stackalloc byte[8];
        using (var stream = File.OpenRead(path))
            stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw new InvalidInputFileException(path, $"header length {headerLength} runs past the end of the file ({fileLength} bytes)");
        if (headerLength > SafetensorsHeader.MaxHeaderBytes)
            throw new InvalidInputFileException(path, $"header length {headerLength} exceeds the {SafetensorsHeader.MaxHeaderBytes}-byte limit");

        var header = new byte[headerLength];
        using (var stream = File.OpenRead(path))
        {
            stream.Position = 8;
            stream.ReadExactly(header);
        }
        long dataStart = 8 + (long)headerLength;
        var (tensors, metadata) = SafetensorsHeader.Parse(path, header, fileLength - dataStart);

        if (fileLength == dataStart)
            return new SafetensorsFile(path, null, null, dataStart, tensors, metadata);
        var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = map.CreateViewAccessor(0, fileLength, MemoryMappedFileAccess.Read);
        return new SafetensorsFile(path, map, view, dataStart, tensors, metadata);
    }

    public SafetensorsTensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var info)
            ? info
            : throw new InvalidInputFileException(Path, $"no tensor named '{name}'");

    /// <summary>Copies a tensor's raw little-endian bytes into <paramref name="destination"/>.</summary>
    public void CopyBytes(string name, Span<byte> destination)
    {
        var info = Info(name);
        if (destination.Length != info.ByteLength)
            throw new ArgumentException($"destination holds {destination.Length} bytes, tensor '{name}' has {info.ByteLength}");
        if (info.ByteLength == 0) return;
        unsafe
        {
            byte* start = null;
            _view!.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            try
            {
                new ReadOnlySpan<byte>(start + _view.PointerOffset + _dataStart + info.Begin, checked((int)info.ByteLength))
                    .CopyTo(destination);
            }
            finally
            {
                _view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    /// <summary>Reads a floating-point tensor (F64, F32, F16 or BF16) as float32, row-major.</summary>
    public float[] ReadFloat32(string name)
    {
        var info = Info(name);
        var result = new float[CheckedCount(info)];
        ReadFloat32(name, result);
        return result;
    }

    /// <summary>Reads a floating-point tensor into a caller's buffer of exactly its element count.</summary>
    public void ReadFloat32(string name, Span<float> destination)
    {
        var info = Info(name);
        if (destination.Length != info.ElementCount)
            throw new ArgumentException($"destination holds {destination.Length} floats, tensor '{name}' has {info.ElementCount}");
        switch (info.DType)
        {
            case SafetensorsDType.F32:
                CopyBytes(name, MemoryMarshal.AsBytes(destination));
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("big-endian hosts");
                break;
            case SafetensorsDType.F16:
            case SafetensorsDType.BF16:
            {
                var raw = new ushort[destination.Length];
                CopyBytes(name, MemoryMarshal.AsBytes(raw.AsSpan()));
                if (info.DType == SafetensorsDType.F16)
                    for (int i = 0; i < raw.Length; i++) destination[i] = (float)BitConverter.UInt16BitsToHalf(raw[i]);
                else
                    for (int i = 0; i < raw.Length; i++) destination[i] = BitConverter.Int32BitsToSingle(raw[i] << 16);
                break;
            }
            case SafetensorsDType.F64:
            {
                var raw = new double[destination.Length];
                CopyBytes(name, MemoryMarshal.AsBytes(raw.AsSpan()));
                for (int i = 0; i < raw.Length; i++) destination[i] = (float)raw[i];
                break;
            }
            default:
                throw new InvalidInputFileException(Path, $"tensor '{name}' is {info.DType}, not a floating-point type");
        }
    }

    /// <summary>Reads an integer tensor (I64, I32, I16, I8, U8) as int64.</summary>
    public long[] ReadInt64(string name)
    {
        var info = Info(name);
        var result = new long[CheckedCount(info)];
        var raw = new byte[info.ByteLength];
        CopyBytes(name, raw);
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = info.DType switch
            {
                SafetensorsDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(i * 8)),
                SafetensorsDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(i * 4)),
                SafetensorsDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(i * 2)),
                SafetensorsDType.I8 => (sbyte)raw[i],
                SafetensorsDType.U8 => raw[i],
                _ => throw new InvalidInputFileException(Path, $"tensor '{name}' is {info.DType}, not an integer type"),
            };
        }
        return result;
    }

    int CheckedCount(SafetensorsTensorInfo info) =>
        info.ElementCount <= Array.MaxLength
            ? (int)info.ElementCount
            : throw new InvalidInputFileException(Path, $"tensor '{info.Name}' has {info.ElementCount} elements, more than one array can hold");

    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
    }
}
