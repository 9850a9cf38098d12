using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>Reads a SentencePiece ModelProto; field numbers are those of sentencepiece_model.proto.</summary>
public static class SentencePieceModelReader
{
    public const string FileName = "tokenizer.model";
    const int MaxPieces = 4_000_000;

    public static SentencePieceModel Read(string path)
    {
        var bytes = TokenizerFiles.ReadBytes(path, TokenizerFiles.MaxSentencePieceModelBytes);
        var reader = new ProtobufReader(bytes, path);
        var pieces = new List<SentencePieceEntry>();
        var model = new SentencePieceModel { Pieces = pieces };
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    reader.Expect(field, wire, ProtobufReader.LengthDelimited);
                    if (pieces.Count >= MaxPieces)
                        throw new InvalidInputFileException(path, $"more than {MaxPieces} pieces");
                    pieces.Add(ReadPiece(reader.ReadBytes(), path));
                    break;
                case 2:
                    reader.Expect(field, wire, ProtobufReader.LengthDelimited);
                    model = ReadTrainerSpec(reader.ReadBytes(), path, model);
                    break;
                case 3:
                    reader.Expect(field, wire, ProtobufReader.LengthDelimited);
                    model = ReadNormalizerSpec(reader.ReadBytes(), path, model);
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (pieces.Count == 0)
            throw new InvalidInputFileException(path, "no pieces: not a SentencePiece model");
        return model;
    }

    static SentencePieceEntry ReadPiece(ReadOnlySpan<byte> bytes, string path)
    {
        var reader = new ProtobufReader(bytes, path);
        string piece = "";
        float score = 0;
        var type = SentencePieceType.Normal;
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: reader.Expect(field, wire, ProtobufReader.LengthDelimited); piece = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, ProtobufReader.Fixed32); score = reader.ReadFloat(); break;
                case 3:
                    reader.Expect(field, wire, ProtobufReader.Varint);
                    int value = reader.ReadInt32();
                    type = Enum.IsDefined((SentencePieceType)value)
                        ? (SentencePieceType)value
                        : throw new InvalidInputFileException(path, $"piece '{piece}' has unknown type {value}");
                    break;
                default: reader.Skip(wire); break;
            }
        }
        return new SentencePieceEntry(piece, score, type);
    }

    static SentencePieceModel ReadTrainerSpec(ReadOnlySpan<byte> bytes, string path, SentencePieceModel model)
    {
        var reader = new ProtobufReader(bytes, path);
        while (reader.TryReadTag(out int field, out int wire))
        {
            if (wire != ProtobufReader.Varint || field is not (3 or 24 or 35 or 40 or 41 or 42 or 43))
            {
                reader.Skip(wire);
                continue;
            }
            int value = reader.ReadInt32();
            model = field switch
            {
                3 => model with { ModelType = value },
                24 => model with { TreatWhitespaceAsSuffix = value != 0 },
                35 => model with { ByteFallback = value != 0 },
                40 => model with { UnkId = value },
                41 => model with { BosId = value },
                42 => model with { EosId = value },
                _ => model with { PadId = value },
            };
        }
        return model;
    }

    static SentencePieceModel ReadNormalizerSpec(ReadOnlySpan<byte> bytes, string path, SentencePieceModel model)
    {
        var reader = new ProtobufReader(bytes, path);
        while (reader.TryReadTag(out int field, out int wire))
        {
            switch (field)
            {
                case 1: reader.Expect(field, wire, ProtobufReader.LengthDelimited); model = model with { NormalizerName = reader.ReadString() }; break;
                case 2: reader.Expect(field, wire, ProtobufReader.LengthDelimited); model = model with { PrecompiledCharsMap = reader.ReadBytes().ToArray() }; break;
                case 3: reader.Expect(field, wire, ProtobufReader.Varint); model = model with { AddDummyPrefix = reader.ReadBool() }; break;
                case 4: reader.Expect(field, wire, ProtobufReader.Varint); model = model with { RemoveExtraWhitespaces = reader.ReadBool() }; break;
                case 5: reader.Expect(field, wire, ProtobufReader.Varint); model = model with { EscapeWhitespaces = reader.ReadBool() }; break;
                default: reader.Skip(wire); break;
            }
        }
        return model;
    }
}
