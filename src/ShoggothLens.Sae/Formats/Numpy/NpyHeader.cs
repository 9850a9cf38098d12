using System.Globalization;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Sae.Formats.Numpy;

/// <summary>
/// The header of an npy array: a Python dict literal such as
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (64, 256), }</c>. It is parsed by a small
/// tokenizer that accepts only that grammar (never evaluated).
/// </summary>
internal sealed record NpyHeader(string Descr, IReadOnlyList<long> Shape)
{
    public int ItemSize => Descr switch { "<f4" => 4, "<f2" => 2, "<f8" => 8, _ => 0 };

    public static NpyHeader Parse(string text, string path, string name)
    {
        var p = new Parser(text.TrimEnd('\n', ' ', '\0'), path, name);
        string? descr = null;
        bool? fortran = null;
        List<long>? shape = null;
        p.Expect('{');
        while (!p.TryTake('}'))
        {
            string key = p.String();
            p.Expect(':');
            switch (key)
            {
                case "descr": descr = p.String(); break;
                case "fortran_order": fortran = p.Boolean(); break;
                case "shape": shape = p.Tuple(); break;
                default: throw p.Error($"unexpected header key '{key}'");
            }
            if (!p.TryTake(',')) { p.Expect('}'); break; }
        }
        p.ExpectEnd();
        if (descr is null || fortran is null || shape is null)
            throw p.Error("the header lacks descr, fortran_order or shape");
        if (fortran.Value)
            throw p.Error("Fortran-ordered arrays are not supported (save with np.ascontiguousarray)");
        // '=' and '|' mean native order; only little-endian hosts read these files.
        if (descr.Length == 3 && descr[0] == '=') descr = "<" + descr[1..];
        var header = new NpyHeader(descr, shape);
        if (header.ItemSize == 0)
            throw p.Error($"dtype '{descr}' is not supported (little-endian float16, float32 or float64 are)");
        return header;
    }

    sealed class Parser(string text, string path, string name)
    {
        int _at;

        public InvalidInputFileException Error(string problem) =>
            new(path, $"'{name}': bad npy header ({problem}): {Preview()}");

        string Preview() => text.Length <= 120 ? text : text[..120] + "…";

        void SkipSpace()
        {
            while (_at < text.Length && text[_at] == ' ') _at++;
        }

        public bool TryTake(char c)
        {
            SkipSpace();
            if (_at < text.Length && text[_at] == c) { _at++; return true; }
            return false;
        }

        public void Expect(char c)
        {
            if (!TryTake(c)) throw Error($"expected '{c}'");
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length) throw Error("text after the closing brace");
        }

        public string String()
        {
            SkipSpace();
            if (_at >= text.Length || (text[_at] != '\'' && text[_at] != '"')) throw Error("expected a quoted string");
            char quote = text[_at++];
            int end = text.IndexOf(quote, _at);
            if (end < 0) throw Error("unterminated string");
            string value = text[_at..end];
            _at = end + 1;
            return value;
        }

        public bool Boolean()
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _at, "True", 0, 4) == 0) { _at += 4; return true; }
            if (string.CompareOrdinal(text, _at, "False", 0, 5) == 0) { _at += 5; return false; }
            throw Error("expected True or False");
        }

        public List<long> Tuple()
        {
            var values = new List<long>();
            Expect('(');
            while (!TryTake(')'))
            {
                SkipSpace();
                int start = _at;
                while (_at < text.Length && char.IsAsciiDigit(text[_at])) _at++;
                if (_at == start || _at - start > 18) throw Error("expected a dimension");
                values.Add(long.Parse(text.AsSpan(start, _at - start), CultureInfo.InvariantCulture));
                if (values.Count > 32) throw Error("more than 32 dimensions");
                if (!TryTake(',')) { Expect(')'); break; }
            }
            return values;
        }
    }
}
