using System.Buffers.Binary;
using System.Text;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Just enough of the protobuf wire format to read a SentencePiece model: varints, 32-bit floats,
/// length-delimited fields; unknown fields are skipped. Every read is bounds-checked, and a
/// malformed message is an <see cref="InvalidInputFileException"/> naming the file.
/// </summary>
public ref struct ProtobufReader
{
    readonly ReadOnlySpan<byte> _data;
    readonly string _path;
    int _pos;

    public ProtobufReader(ReadOnlySpan<byte> data, string path)
    {
        _data = data;
        _path = path;
        _pos = 0;
    }

    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public bool TryReadTag(out int field, out int wireType)
    {
        if (_pos >= _data.Length)
        {
            (field, wireType) = (0, 0);
            return false;
        }
        ulong tag = ReadVarint();
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        if (field <= 0 || tag >> 3 > int.MaxValue)
            throw Malformed($"bad field number in tag {tag}");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length)
                throw Malformed("truncated varint");
            byte b = _data[_pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw Malformed("varint longer than 10 bytes");
    }

    /// <summary>An int32 field; negative values are written as 64-bit two's complement.</summary>
    public int ReadInt32() => unchecked((int)(long)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    public float ReadFloat()
    {
        if (_data.Length - _pos < 4)
            throw Malformed("truncated float");
        float value = BinaryPrimitives.ReadSingleLittleEndian(_data.Slice(_pos, 4));
        _pos += 4;
        return value;
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos))
            throw Malformed($"field of {length} bytes runs past the end");
        var bytes = _data.Slice(_pos, (int)length);
        _pos += (int)length;
        return bytes;
    }

    public string ReadString()
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(ReadBytes());
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidInputFileException(_path, "malformed protobuf: a string is not valid UTF-8", e);
        }
    }

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Advance(8); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: Advance(4); break;
            default: throw Malformed($"unsupported wire type {wireType}");
        }
    }

    /// <summary>Checks a field has the wire type its schema says, before reading it.</summary>
    public readonly void Expect(int field, int wireType, int expected)
    {
        if (wireType != expected)
            throw Malformed($"field {field} has wire type {wireType}, expected {expected}");
    }

    void Advance(int count)
    {
        if (_data.Length - _pos < count)
            throw Malformed("truncated field");
        _pos += count;
    }

    readonly InvalidInputFileException Malformed(string problem) => new(_path, $"malformed protobuf: {problem}");
}
