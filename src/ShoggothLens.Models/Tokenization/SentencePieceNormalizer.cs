using System.Text;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// SentencePiece's normalizer (normalizer.cc), ported step for step: map characters through the
/// precompiled rules, drop leading, trailing and repeated spaces (remove_extra_whitespaces), turn
/// spaces into '▁' and add the '▁' dummy prefix. It keeps, for every normalized character, the
/// position in the original text it came from, so tokens get offsets into the caller's text.
/// </summary>
public sealed class SentencePieceNormalizer
{
    public const char SpaceSymbol = '▁';
    static readonly byte[] SpaceSymbolUtf8 = Encoding.UTF8.GetBytes(SpaceSymbol.ToString());
    static readonly byte[] ReplacementUtf8 = [0xEF, 0xBF, 0xBD];

    readonly SentencePieceModel _model;
    readonly PrecompiledCharsMap? _charsMap;
    readonly PrefixMatcher _userDefined;

    public SentencePieceNormalizer(SentencePieceModel model, PrecompiledCharsMap? charsMap, PrefixMatcher userDefined)
    {
        _model = model;
        _charsMap = charsMap;
        _userDefined = userDefined;
    }

    /// <summary>Normalized text and, per UTF-16 index of it (plus one past the end), an index into the original text.</summary>
    public readonly record struct Result(string Text, int[] ToOriginal);

    /// <param name="prevIsSpace">For a segment that does not start the text: whether the text before it ends in a space.</param>
    public Result Normalize(string text, TextSegment segment, bool prevIsSpace)
    {
        var (input, byteToChar) = Utf8WithCharIndex(text, segment);
        var output = new List<byte>(input.Length + 3);
        var toInput = new List<int>(input.Length + 4);   // normalized byte → input byte consumed so far
        int consumed = 0;
        bool removeExtra = _model.RemoveExtraWhitespaces;

        void AddSpace()
        {
            if (_model.EscapeWhitespaces)
            {
                output.AddRange(SpaceSymbolUtf8);
                for (int k = 0; k < SpaceSymbolUtf8.Length; k++) toInput.Add(consumed);
            }
            else
            {
                output.Add((byte)' ');
                toInput.Add(consumed);
            }
        }

        ReadOnlySpan<byte> rest = input;
        if (removeExtra && segment.StartsText)
        {
            // Leading whitespace of the text is dropped.
            while (!rest.IsEmpty)
            {
                int length = NormalizePrefix(rest, out var piece);
                if (!piece.SequenceEqual(" "u8))
                    break;
                rest = rest[length..];
                consumed += length;
            }
        }
        if (rest.IsEmpty && segment.StartsText)
            return new Result("", [byteToChar[consumed]]);

        bool isPrevSpace = removeExtra && (segment.StartsText || prevIsSpace);
        if (segment.StartsText && _model.AddDummyPrefix)
            AddSpace();

        while (!rest.IsEmpty)
        {
            int length = NormalizePrefix(rest, out var piece);
            if (isPrevSpace)
                while (piece.Length > 0 && piece[0] == (byte)' ')
                    piece = piece[1..];
            if (!piece.IsEmpty)
            {
                foreach (byte b in piece)
                {
                    if (_model.EscapeWhitespaces && b == (byte)' ')
                    {
                        output.AddRange(SpaceSymbolUtf8);
                        for (int k = 0; k < SpaceSymbolUtf8.Length; k++) toInput.Add(consumed);
                    }
                    else
                    {
                        output.Add(b);
                        toInput.Add(consumed);
                    }
                }
                isPrevSpace = piece[^1] == (byte)' ';
            }
            consumed += length;
            rest = rest[length..];
            if (!removeExtra)
                isPrevSpace = false;
        }

        if (removeExtra && segment.EndsText)
        {
            // Trailing whitespace of the text is dropped too.
            byte[] space = _model.EscapeWhitespaces ? SpaceSymbolUtf8 : " "u8.ToArray();
            while (output.Count >= space.Length && System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output)[^space.Length..].SequenceEqual(space))
            {
                int length = output.Count - space.Length;
                consumed = toInput[length];
                output.RemoveRange(length, space.Length);
                toInput.RemoveRange(length, toInput.Count - length);
            }
        }
        toInput.Add(consumed);
        return ToUtf16(output, toInput, byteToChar);
    }

    /// <summary>normalize_prefix: a user-defined piece as is, else the longest rule, else one character.</summary>
    /// <returns>How many input bytes the piece consumed.</returns>
    int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> piece)
    {
        int userDefined = _userDefined.Match(input);
        if (userDefined > 0)
        {
            piece = input[..userDefined];
            return userDefined;
        }
        if (_charsMap is not null && _charsMap.TryMatch(input, out int length, out piece))
            return length;
        var status = System.Text.Rune.DecodeFromUtf8(input, out _, out int charLength);
        if (status == System.Buffers.OperationStatus.Done)
        {
            piece = input[..charLength];
            return charLength;
        }
        piece = ReplacementUtf8;   // sentencepiece consumes one byte of a malformed sequence
        return 1;
    }

    static (byte[] Bytes, int[] ByteToChar) Utf8WithCharIndex(string text, TextSegment segment)
    {
        var slice = text.AsSpan(segment.Start, segment.Length);
        var bytes = new byte[Encoding.UTF8.GetByteCount(slice)];
        var byteToChar = new int[bytes.Length + 1];
        int b = 0;
        Span<byte> buffer = stackalloc byte[4];
        for (int i = 0; i < slice.Length;)
        {
            System.Text.Rune.DecodeFromUtf16(slice[i..], out var rune, out int chars);
            int count = rune.EncodeToUtf8(buffer);
            for (int k = 0; k < count; k++)
            {
                bytes[b] = buffer[k];
                byteToChar[b++] = segment.Start + i;
            }
            i += chars;
        }
        byteToChar[b] = segment.End;
        return (bytes, byteToChar);
    }

    static Result ToUtf16(List<byte> output, List<int> toInput, int[] byteToChar)
    {
        var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output);
        var text = new StringBuilder(bytes.Length);
        var toOriginal = new List<int>(bytes.Length + 1);
        for (int pos = 0; pos < bytes.Length;)
        {
            System.Text.Rune.DecodeFromUtf8(bytes[pos..], out var rune, out int length);
            text.Append(rune.ToString());
            for (int k = 0; k < rune.Utf16SequenceLength; k++)
                toOriginal.Add(byteToChar[toInput[pos]]);
            pos += Math.Max(1, length);
        }
        toOriginal.Add(byteToChar[toInput[^1]]);
        return new Result(text.ToString(), toOriginal.ToArray());
    }
}
