namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Cuts a long text into pieces of about <see cref="PieceChars"/> to be tokenized one after another, so that what a
/// tokenizer holds while it works (pre-tokens, pieces, a substring) is bounded by the piece, not by the record.
/// <para>A seam goes before a space with a letter on each side ("a b" → "a" | " b"). Every pre-tokenizer pattern shipped
/// (GPT-2's, and Llama 3's and Qwen 2's, whose letter runs take one leading non-letter) ends the pre-token holding the
/// letter at that space, since no pattern runs letters on through whitespace, and starts the next pre-token at the space
/// with the same alternative whatever came before; BPE never merges across pre-tokens; and a piece never ends in
/// whitespace, so no <c>\s+(?!\S)</c> look-ahead meets a piece's end. So byte-level BPE gives each piece exactly the
/// whole text's tokens (DocumentTokenizerPieceTests). SentencePiece, which marks spaces with '▁' and splits there
/// (split_by_whitespace, the default), matched the whole text on the reference fixture too; a model that merges across
/// spaces would differ at seams.</para>
/// <para>Where no such space lies within <see cref="MaxPieceChars"/> (a run of letters or digits, text written without
/// spaces), the piece is cut there, never inside a surrogate pair: only the tokens at that seam may then differ from
/// whole-text tokenization.</para>
/// </summary>
public static class TextPieces
{
    /// <summary>The length aimed for: the seam is the last good one at or before it.</summary>
    public const int PieceChars = 1 << 16;

    /// <summary>The longest piece: without a good seam by then, the text is cut.</summary>
    public const int MaxPieceChars = 1 << 18;

    /// <summary>Ranges [Start, End) that cover <paramref name="text"/> in order; one range when it is short.</summary>
    public static IEnumerable<(int Start, int End)> Split(string text, int pieceChars = PieceChars, int maxPieceChars = MaxPieceChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceChars, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieceChars, pieceChars);
        int start = 0;
        while (text.Length - start > pieceChars)
        {
            int seam = NextSeam(text, start, textEnds: true, pieceChars, maxPieceChars);
            if (seam < 0) break;
            yield return (start, seam);
            start = seam;
        }
        yield return (start, text.Length);
    }

    /// <summary>
    /// The pieces <see cref="Split(string, int, int)"/> would cut from the text <paramref name="reader"/> gives, read in
    /// bounded steps: at most about <paramref name="maxPieceChars"/> plus twice <paramref name="contextChars"/> characters
    /// are held. Each piece comes with up to <paramref name="contextChars"/> characters of the text on either side, so that
    /// a tokenizer asked for [Start, End) of it sees what it would see of the whole text there (added tokens ending or
    /// starting at the seam, a single-word token's neighbours, whether the range starts or ends the text).
    /// </summary>
    public static IEnumerable<TextPiece> Split(TextReader reader, int contextChars, int pieceChars = PieceChars, int maxPieceChars = MaxPieceChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextChars, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pieceChars, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPieceChars, pieceChars);
        // buffer[0, length) is the text from (start - kept) on, kept ≤ contextChars: the left context, then the rest.
        var buffer = new char[contextChars + maxPieceChars + 1 + contextChars + 1];
        int length = 0, start = 0;
        bool end = false;
        void Fill()
        {
            while (!end && length < buffer.Length)
            {
                int read = reader.Read(buffer, length, buffer.Length - length);
                if (read == 0) end = true;
                length += read;
            }
        }

        Fill();
        // Not at the end, the buffer holds more than maxPieceChars + contextChars past start: every test below that
        // reads the whole text's length can be answered.
        while (!end || length - start > pieceChars)
        {
            int seam = NextSeam(buffer.AsSpan(0, length), start, textEnds: end, pieceChars, maxPieceChars);
            if (seam < 0) break;
            int from = Math.Max(0, start - contextChars), to = Math.Min(length, seam + contextChars);
            yield return new TextPiece(new string(buffer, from, to - from), start - from, seam - from);
            // Keep the new piece's left context and move everything to the front.
            int keep = Math.Max(0, seam - contextChars);
            Array.Copy(buffer, keep, buffer, 0, length - keep);
            length -= keep;
            start = seam - keep;
            Fill();
        }
        int first = Math.Max(0, start - contextChars);
        yield return new TextPiece(new string(buffer, first, length - first), start - first, length - first);
    }

    /// <summary>True where a piece may start: a space with a letter before and after it.</summary>
    public static bool IsSeam(ReadOnlySpan<char> text, int at) =>
        at > 0 && at + 1 < text.Length && text[at] == ' ' && char.IsLetter(text[at - 1]) && char.IsLetter(text[at + 1]);

    /// <summary>
    /// Where the piece starting at <paramref name="start"/> ends: the last seam at or before start + pieceChars, else the
    /// first one after it within maxPieceChars, else a cut at maxPieceChars (not inside a surrogate pair); -1 when the
    /// rest of the text is the last piece. <paramref name="text"/> holds the whole text (<paramref name="textEnds"/>) or,
    /// when it does not, more than maxPieceChars + 1 characters past <paramref name="start"/>. Called only while more than
    /// pieceChars characters remain.
    /// </summary>
    static int NextSeam(ReadOnlySpan<char> text, int start, bool textEnds, int pieceChars, int maxPieceChars)
    {
        for (int i = start + pieceChars; i > start; i--)
            if (IsSeam(text, i)) return i;
        int limit = textEnds ? Math.Min(text.Length, start + maxPieceChars) : start + maxPieceChars;
        for (int i = start + pieceChars; i < limit; i++)
            if (IsSeam(text, i)) return i;
        if (textEnds && text.Length - start <= maxPieceChars) return -1;
        int cut = start + maxPieceChars;
        return char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]) ? cut - 1 : cut;
    }
}

/// <summary>A piece [Start, End) of a text held in <see cref="Text"/> with some of the text around it.</summary>
public readonly record struct TextPiece(string Text, int Start, int End);
