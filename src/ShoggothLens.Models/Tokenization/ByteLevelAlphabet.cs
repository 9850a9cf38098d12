namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// GPT-2's reversible map from the 256 byte values to printable characters, so that byte-level
/// BPE vocabularies are plain strings: printable Latin-1 bytes stand for themselves, the rest
/// (space, control bytes, ...) become U+0100 onwards (a space is 'Ġ', a newline 'Ċ').
/// </summary>
public static class ByteLevelAlphabet
{
    static readonly char[] ByteToCharTable = BuildTable();
    static readonly Dictionary<char, byte> CharToByteTable =
        Enumerable.Range(0, 256).ToDictionary(b => ByteToCharTable[b], b => (byte)b);

    public static char ByteToChar(byte value) => ByteToCharTable[value];

    public static bool TryCharToByte(char c, out byte value) => CharToByteTable.TryGetValue(c, out value);

    static char[] BuildTable()
    {
        var table = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = (b >= '!' && b <= '~') || (b >= '¡' && b <= '¬') || (b >= '®' && b <= 'ÿ');
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }
}
