using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzz.Targets;

/// <summary>
/// One activation chunk, opened alone, its data verified, everything read. Three ways in: the raw file mutated
/// (<c>store-chunk</c>); the JSON header mutated behind a recomputed header checksum (<c>chunk-header</c>, what a hostile
/// writer can do); the data region mutated behind recomputed checksums (<c>chunk-data</c>: role ids, offsets, values).
/// </summary>
public sealed class ChunkTarget(ChunkTarget.Part part) : FuzzTarget
{
    public enum Part { Raw, Header, Data }

    const string ChunkFile = "chunk.bin";

    // The chunk layout (Core/ActivationStore/ChunkFormat, internal there): 24-byte preamble (magic, version, header
    // length, header XxHash3), the JSON header, zero padding to a 64-byte boundary, the data.
    const int PreambleBytes = 24, Alignment = 64, Version = 1;
    static ReadOnlySpan<byte> Magic => "SHOGACT\0"u8;

    static long DataStart(int headerBytes) => (PreambleBytes + headerBytes + Alignment - 1) / Alignment * Alignment;

    public override string Name => part switch { Part.Raw => "store-chunk", Part.Header => "chunk-header", _ => "chunk-data" };
    public override string Description => part switch
    {
        Part.Raw => "ActivationChunk.Open + VerifyData + every array (raw bytes)",
        Part.Header => "ActivationChunk.Open on a mutated header with a valid header checksum",
        _ => "ActivationChunk.Open on mutated data with valid checksums",
    };

    public override IReadOnlyList<FuzzSeed> Seeds(SeedSources sources)
    {
        var seeds = new List<FuzzSeed>();
        foreach (var (name, files) in StoreSeeds.Write(sources))
            foreach (var (relative, bytes) in files.Where(f => f.Key.EndsWith(".bin", StringComparison.Ordinal)).Take(2))
            {
                var (header, data) = Split(bytes);
                seeds.Add(new FuzzSeed($"{name}/{Path.GetFileName(relative)}", new Dictionary<string, byte[]> { [ChunkFile] = bytes }, ChunkFile,
                    part switch { Part.Raw => null, Part.Header => header, _ => data }));
            }
        return seeds;
    }

    public override void Prepare(string folder, FuzzSeed seed, byte[] mutated)
    {
        var (header, data) = Split(seed.Files[ChunkFile]);
        byte[] file = part switch
        {
            Part.Raw => mutated,
            Part.Header => Compose(mutated, data),
            _ => Compose(WithDataHash(header, data, mutated), mutated),
        };
        File.WriteAllBytes(Path.Combine(folder, ChunkFile), file);
    }

    public override void Parse(string folder, FuzzSeed seed)
    {
        using var chunk = ActivationChunk.Open(Path.Combine(folder, ChunkFile));
        chunk.VerifyData();
        StoreReading.ReadAll(chunk);
    }

    static (byte[] Header, byte[] Data) Split(byte[] chunk)
    {
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(12));
        long dataStart = DataStart(length);
        return (chunk.AsSpan(PreambleBytes, length).ToArray(), chunk.AsSpan((int)dataStart).ToArray());
    }

    /// <summary>A chunk file as the writer lays it out: preamble (with the header's hash), header, padding, data.</summary>
    static byte[] Compose(byte[] header, byte[] data)
    {
        long dataStart = DataStart(header.Length);
        var file = new byte[dataStart + data.Length];
        Magic.CopyTo(file);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(12), (uint)header.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(16), XxHash3.HashToUInt64(header));
        header.CopyTo(file.AsSpan(PreambleBytes));
        data.CopyTo(file.AsSpan((int)dataStart));
        return file;
    }

    /// <summary>The header with its <c>data_xxh3</c> replaced by the hash of <paramref name="data"/> (same length, so nothing moves).</summary>
    static byte[] WithDataHash(byte[] header, byte[] original, byte[] data)
    {
        string before = Convert.ToHexStringLower(XxHash3.Hash(original));
        string after = Convert.ToHexStringLower(XxHash3.Hash(data));
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(header).Replace(before, after, StringComparison.Ordinal));
    }
}
