using System.Text;
using System.Text.Unicode;

namespace ShoggothLens.Core.Corpus;

/// <summary>Strict UTF-8 validation that says where the first bad byte is.</summary>
internal static class Utf8Check
{
    /// <summary>Null when <paramref name="bytes"/> is valid UTF-8, else a problem naming the byte offset.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes)) return null;
        int offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) != System.Buffers.OperationStatus.Done) break;
            offset += consumed;
        }
        return $"invalid UTF-8 at byte {offset} (0x{bytes[offset]:X2})";
    }
}
