using System.Buffers.Binary;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// SentencePiece's precompiled normalization rules (e.g. nmt_nfkc: NFKC plus tabs and newlines to
/// spaces): a darts-clone double-array trie over UTF-8 input, whose values point to NUL-terminated
/// replacement strings. Blob layout: uint32 trie size in bytes, the trie's uint32 units, the strings.
/// Lookups are bounds-checked, so a hostile blob can only give wrong text, never a crash.
/// </summary>
public sealed class PrecompiledCharsMap
{
    readonly uint[] _units;
    readonly byte[] _replacements;

    PrecompiledCharsMap(uint[] units, byte[] replacements)
    {
        _units = units;
        _replacements = replacements;
    }

    /// <summary>The map in <paramref name="blob"/>; null for an empty blob (identity normalization).</summary>
    public static PrecompiledCharsMap? Parse(byte[] blob, string path)
    {
        if (blob.Length == 0)
            return null;
        if (blob.Length < 4)
            throw new InvalidInputFileException(path, "precompiled_charsmap is shorter than its 4-byte header");
        uint trieBytes = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieBytes % 4 != 0 || trieBytes > blob.Length - 4 || trieBytes == 0)
            throw new InvalidInputFileException(path, $"precompiled_charsmap trie size {trieBytes} does not fit a blob of {blob.Length} bytes");
        var units = new uint[trieBytes / 4];
        for (int i = 0; i < units.Length; i++)
            units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        return new PrecompiledCharsMap(units, blob[(4 + (int)trieBytes)..]);
    }

    /// <summary>The longest rule matching the start of <paramref name="input"/>: its length and replacement.</summary>
    public bool TryMatch(ReadOnlySpan<byte> input, out int length, out ReadOnlySpan<byte> replacement)
    {
        length = 0;
        replacement = default;
        int bestValue = -1;
        uint node = Offset(_units[0]);
        for (int i = 0; i < input.Length; i++)
        {
            node ^= input[i];
            if (node >= _units.Length)
                break;
            uint unit = _units[node];
            if (Label(unit) != input[i])
                break;
            node ^= Offset(unit);
            if (HasLeaf(unit) && node < _units.Length)
            {
                length = i + 1;
                bestValue = (int)Value(_units[node]);
            }
        }
        if (bestValue < 0 || bestValue >= _replacements.Length)
        {
            length = 0;
            return false;
        }
        var rest = _replacements.AsSpan(bestValue);
        int nul = rest.IndexOf((byte)0);
        replacement = nul >= 0 ? rest[..nul] : rest;
        return true;
    }

    // darts-clone's unit encoding.
    static bool HasLeaf(uint unit) => ((unit >> 8) & 1) == 1;
    static uint Value(uint unit) => unit & 0x7FFF_FFFF;
    static uint Label(uint unit) => unit & 0x8000_00FF;
    static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
