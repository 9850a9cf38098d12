namespace ShoggothLens.Core.Safetensors;

/// <summary>One tensor's header entry: type, shape and byte range within the data section.</summary>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
    public long ByteLength => End - Begin;
}
