using System.Buffers.Binary;
using System.Text;

namespace ShoggothLens.LoadTest.Circuit;

/// <summary>Frame types as Blazor's renderer numbers them (RenderTreeFrameType).</summary>
public enum FrameType { None = 0, Element = 1, Text = 2, Attribute = 3, Component = 4, Region = 5, ElementReferenceCapture = 6, ComponentReferenceCapture = 7, Markup = 8, ComponentRenderMode = 9, NamedEvent = 10 }

/// <summary>Edit types as Blazor's diff numbers them (RenderTreeEditType).</summary>
public enum EditType { PrependFrame = 1, RemoveFrame = 2, SetAttribute = 3, RemoveAttribute = 4, UpdateText = 5, StepIn = 6, StepOut = 7, UpdateMarkup = 8, PermutationListEntry = 9, PermutationListEnd = 10 }

/// <summary>
/// One reference frame: every frame is 20 bytes on the wire (type + 16), so only the fields the client needs come.
/// <paramref name="SubtreeLength"/>: elements, components and regions; <paramref name="Name"/>: element and attribute
/// names; <paramref name="Value"/>: attribute values, text and markup; <paramref name="ComponentId"/>: components.
/// </summary>
public readonly record struct Frame(FrameType Type, int SubtreeLength, int ComponentId, string? Name, string? Value, ulong EventHandlerId);

/// <summary><paramref name="Index"/> is the reference frame for prepends and updates, the destination for permutation entries.</summary>
public readonly record struct Edit(EditType Type, int SiblingIndex, int Index, string? RemovedAttributeName);

public sealed record ComponentDiff(int ComponentId, IReadOnlyList<Edit> Edits);

/// <summary>
/// A render batch as the server's RenderBatchWriter lays it out (the format blazor.web.js reads): the diffs per
/// component, the frames they reference, disposed component and event-handler ids, a string table, and at the end
/// five int32 offsets to those sections. All integers little-endian; strings are length-prefixed UTF-8 (7-bit length).
/// </summary>
public sealed class RenderBatch
{
    public required IReadOnlyList<ComponentDiff> Diffs { get; init; }
    public required IReadOnlyList<Frame> Frames { get; init; }
    public required IReadOnlyList<int> DisposedComponents { get; init; }

    public static RenderBatch Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length < 20) throw new FormatException($"a render batch of {data.Length} bytes");
        int Int(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadInt32LittleEndian(d.Slice(at, 4));
        int trailer = data.Length - 20;
        int diffsAt = Int(data, trailer), framesAt = Int(data, trailer + 4), disposedAt = Int(data, trailer + 8), stringsAt = Int(data, trailer + 16);

        int stringCount = (trailer - stringsAt) / 4;
        var strings = new string[stringCount];
        for (int i = 0; i < stringCount; i++)
        {
            int at = Int(data, stringsAt + 4 * i);
            int length = 0, shift = 0;
            byte b;
            do { b = data[at++]; length |= (b & 0x7F) << shift; shift += 7; } while ((b & 0x80) != 0);
            strings[i] = Encoding.UTF8.GetString(data.Slice(at, length));
        }
        string? Str(int index) => index < 0 ? null : strings[index];

        int frameCount = Int(data, framesAt);
        var frames = new Frame[frameCount];
        for (int i = 0; i < frameCount; i++)
        {
            int at = framesAt + 4 + 20 * i;
            var type = (FrameType)Int(data, at);
            int a = Int(data, at + 4), b2 = Int(data, at + 8);
            frames[i] = type switch
            {
                FrameType.Element => new Frame(type, a, 0, Str(b2), null, 0),
                FrameType.Component => new Frame(type, a, b2, null, null, 0),
                FrameType.Region => new Frame(type, a, 0, null, null, 0),
                FrameType.Attribute => new Frame(type, 0, 0, Str(a), Str(b2), BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(at + 12, 8))),
                FrameType.Text or FrameType.Markup or FrameType.ElementReferenceCapture => new Frame(type, 0, 0, null, Str(a), 0),
                _ => new Frame(type, 0, 0, null, null, 0),
            };
        }

        int diffCount = Int(data, diffsAt);
        var diffs = new ComponentDiff[diffCount];
        for (int i = 0; i < diffCount; i++)
        {
            int at = Int(data, diffsAt + 4 + 4 * i);
            int componentId = Int(data, at), editCount = Int(data, at + 4);
            var edits = new Edit[editCount];
            for (int e = 0; e < editCount; e++)
            {
                int p = at + 8 + 16 * e;
                edits[e] = new Edit((EditType)Int(data, p), Int(data, p + 4), Int(data, p + 8), Str(Int(data, p + 12)));
            }
            diffs[i] = new ComponentDiff(componentId, edits);
        }

        int disposedCount = Int(data, disposedAt);
        var disposed = new int[disposedCount];
        for (int i = 0; i < disposedCount; i++) disposed[i] = Int(data, disposedAt + 4 + 4 * i);
        return new RenderBatch { Diffs = diffs, Frames = frames, DisposedComponents = disposed };
    }
}
