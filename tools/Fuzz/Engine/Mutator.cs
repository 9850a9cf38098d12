using System.Buffers.Binary;
using System.Text;

namespace ShoggothLens.Fuzz.Engine;

/// <summary>
/// Seeded mutations of a file's bytes. Everything is a function of the <see cref="Random"/> given (seeded per input),
/// so an input is reproduced from (parser, seed, index) alone.
/// </summary>
public static class Mutator
{
    static readonly MutationKind[] Kinds = Enum.GetValues<MutationKind>();

    static readonly byte[] InterestingBytes = [0x00, 0xFF, 0x7F, 0x80, 0x01, (byte)'"', (byte)'[', (byte)']', (byte)'{', (byte)'}', (byte)'-', (byte)'9', (byte)',', (byte)':', (byte)'\\', (byte)'\n'];

    static readonly ulong[] InterestingSizes =
    [
        0, 1, 7, 8, 0x7F, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 1UL << 40,
        long.MaxValue, ulong.MaxValue, ulong.MaxValue - 7, 100_000_000, 2_000_000_000,
    ];

    static readonly string[] JsonReplacements =
    [
        "0", "-1", "-9223372036854775808", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "2147483647", "2147483648", "4294967296", "16777216", "16777217", "1e308", "-1e308", "1e309", "1e-400", "NaN", "-Infinity",
        "0.5", "-0.0", "1.0000000000000002", "99999999999999999999999999999999", "\"1\"", "\"\"", "null", "true", "[]", "{}", "[1,2]",
    ];

    static readonly byte[][] BadUtf8 = [[0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF], [0xC0, 0xAF], [0xE2, 0x82]];

    /// <summary>One to three mutations of <paramref name="input"/>; <paramref name="other"/> is a second seed for splices.</summary>
    public static byte[] Mutate(byte[] input, byte[] other, Random rng, List<MutationKind> applied)
    {
        var bytes = input;
        int count = 1 + rng.Next(3);
        for (int i = 0; i < count; i++)
        {
            var kind = Kinds[rng.Next(Kinds.Length)];
            applied.Add(kind);
            bytes = Apply(kind, bytes, other, rng);
        }
        return bytes;
    }

    public static byte[] Apply(MutationKind kind, byte[] b, byte[] other, Random rng) => kind switch
    {
        MutationKind.BitFlips => BitFlips(b, rng),
        MutationKind.ByteSet => ByteSet(b, rng),
        MutationKind.Truncate => b.Length == 0 ? b : b[..rng.Next(b.Length)],
        MutationKind.Splice => Splice(b, other, rng),
        MutationKind.DuplicateRange => DuplicateRange(b, rng),
        MutationKind.RemoveRange => RemoveRange(b, rng),
        MutationKind.LengthField => LengthField(b, rng),
        MutationKind.JsonNumber => JsonNumber(b, rng),
        MutationKind.DeepNesting => DeepNesting(b, rng),
        MutationKind.HugeString => HugeString(b, rng),
        MutationKind.InvalidUtf8 => Insert(b, rng.Next(b.Length + 1), BadUtf8[rng.Next(BadUtf8.Length)]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    static byte[] BitFlips(byte[] b, Random rng)
    {
        if (b.Length == 0) return b;
        var r = (byte[])b.Clone();
        int flips = 1 + rng.Next(8);
        for (int i = 0; i < flips; i++) r[rng.Next(r.Length)] ^= (byte)(1 << rng.Next(8));
        return r;
    }

    static byte[] ByteSet(byte[] b, Random rng)
    {
        if (b.Length == 0) return b;
        var r = (byte[])b.Clone();
        int sets = 1 + rng.Next(4);
        for (int i = 0; i < sets; i++)
            r[rng.Next(r.Length)] = rng.Next(2) == 0 ? InterestingBytes[rng.Next(InterestingBytes.Length)] : (byte)rng.Next(256);
        return r;
    }

    static byte[] Splice(byte[] a, byte[] other, Random rng)
    {
        int cutA = rng.Next(a.Length + 1), cutB = rng.Next(other.Length + 1);
        return [.. a.AsSpan(0, cutA), .. other.AsSpan(cutB)];
    }

    static byte[] DuplicateRange(byte[] b, Random rng)
    {
        if (b.Length == 0) return b;
        int start = rng.Next(b.Length), length = 1 + rng.Next(Math.Min(b.Length - start, 4096));
        int times = rng.Next(4) == 0 ? 1 + rng.Next(64) : 1;
        var piece = b.AsSpan(start, length).ToArray();
        var r = b;
        int at = rng.Next(b.Length + 1);
        for (int i = 0; i < times; i++) r = Insert(r, at, piece);
        return r;
    }

    static byte[] RemoveRange(byte[] b, Random rng)
    {
        if (b.Length == 0) return b;
        int start = rng.Next(b.Length), length = 1 + rng.Next(Math.Min(b.Length - start, 4096));
        return [.. b.AsSpan(0, start), .. b.AsSpan(start + length)];
    }

    /// <summary>Half the time the first 8 bytes (where safetensors, chunk and npy headers keep lengths), else any aligned offset near the start.</summary>
    static byte[] LengthField(byte[] b, Random rng)
    {
        if (b.Length < 4) return b;
        var r = (byte[])b.Clone();
        ulong value = rng.Next(3) == 0 ? (ulong)b.Length + (ulong)rng.Next(-2, 3) : InterestingSizes[rng.Next(InterestingSizes.Length)];
        bool wide = r.Length >= 8 && rng.Next(2) == 0;
        int width = wide ? 8 : 4;
        int limit = Math.Min(r.Length - width, 256);
        int offset = rng.Next(2) == 0 ? 0 : rng.Next(limit / 4 + 1) * 4;
        if (rng.Next(4) == 0) offset = rng.Next(r.Length - width + 1);
        if (wide) BinaryPrimitives.WriteUInt64LittleEndian(r.AsSpan(offset), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(r.AsSpan(offset), (uint)value);
        return r;
    }

    /// <summary>A number token (digits outside a JSON string is not tracked: good enough to hit the sizes a header or config holds).</summary>
    static byte[] JsonNumber(byte[] b, Random rng)
    {
        var numbers = new List<(int Start, int Length)>();
        for (int i = 0; i < b.Length && numbers.Count < 4096; i++)
        {
            if (!IsNumberStart(b, i)) continue;
            int j = i + 1;
            while (j < b.Length && (char.IsAsciiDigit((char)b[j]) || b[j] is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-')) j++;
            numbers.Add((i, j - i));
            i = j;
        }
        var replacement = Encoding.ASCII.GetBytes(JsonReplacements[rng.Next(JsonReplacements.Length)]);
        if (numbers.Count == 0) return Insert(b, rng.Next(b.Length + 1), replacement);
        var (start, length) = numbers[rng.Next(numbers.Count)];
        return [.. b.AsSpan(0, start), .. replacement, .. b.AsSpan(start + length)];
    }

    static bool IsNumberStart(byte[] b, int i) =>
        (char.IsAsciiDigit((char)b[i]) || b[i] == (byte)'-') && (i == 0 || b[i - 1] is (byte)':' or (byte)'[' or (byte)',' or (byte)' ' or (byte)'\n');

    static byte[] DeepNesting(byte[] b, Random rng)
    {
        int depth = rng.Next(3) switch { 0 => 65 + rng.Next(64), 1 => 1000 + rng.Next(9000), _ => 100_000 };
        string open = rng.Next(2) == 0 ? "[" : "{\"a\":";
        string close = open == "[" ? "]" : "}";
        var sb = new StringBuilder(depth * (open.Length + 1) + 2);
        for (int i = 0; i < depth; i++) sb.Append(open);
        sb.Append('1');
        if (rng.Next(2) == 0) for (int i = 0; i < depth; i++) sb.Append(close);
        var nest = Encoding.ASCII.GetBytes(sb.ToString());
        int at = ValuePosition(b, rng);
        return Insert(b, at, nest);
    }

    static byte[] HugeString(byte[] b, Random rng)
    {
        int length = rng.Next(3) switch { 0 => 1 << 10, 1 => 1 << 16, _ => (1 << 20) + rng.Next(3 << 20) };
        byte fill = rng.Next(4) switch { 0 => (byte)'a', 1 => (byte)' ', 2 => (byte)'\\', _ => (byte)rng.Next(32, 127) };
        var piece = new byte[length];
        Array.Fill(piece, fill);
        // Inside a string when there is one: just after an opening quote.
        int quote = Array.IndexOf(b, (byte)'"', rng.Next(b.Length + 1));
        int at = quote >= 0 ? quote + 1 : rng.Next(b.Length + 1);
        return Insert(b, at, piece);
    }

    /// <summary>Just after a ':' or '[' when there is one, so the nesting stands where a value is expected.</summary>
    static int ValuePosition(byte[] b, Random rng)
    {
        int from = rng.Next(b.Length + 1);
        for (int i = from; i < b.Length; i++)
            if (b[i] is (byte)':' or (byte)'[') return i + 1;
        return from;
    }

    static byte[] Insert(byte[] b, int at, ReadOnlySpan<byte> piece) => [.. b.AsSpan(0, at), .. piece, .. b.AsSpan(at)];
}
