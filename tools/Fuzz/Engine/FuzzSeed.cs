namespace ShoggothLens.Fuzz.Engine;

/// <summary>
/// One starting point: the files of a folder a parser reads (relative path → bytes, written unchanged) and the bytes
/// the fuzzer mutates: the file <see cref="Mutable"/> names, or, for a target that assembles files itself
/// (a catalog record, a chunk header behind its checksum), the <paramref name="Part"/> it splices in.
/// </summary>
public sealed record FuzzSeed(string Name, IReadOnlyDictionary<string, byte[]> Files, string Mutable, byte[]? Part = null)
{
    public byte[] MutableBytes => Part ?? Files[Mutable];
}
