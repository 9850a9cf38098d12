using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Organism.Specs;

/// <summary>
/// A JSON value of a spec file with its path (<c>cast[2].lines[4]</c>), so every error names the field. Objects
/// refuse fields they do not know (a misspelt field would otherwise be silently ignored).
/// </summary>
internal readonly record struct SpecNode(JsonElement Element, string Path, string Source)
{
    public InvalidInputFileException Error(string problem) => new(Source, $"{(Path.Length == 0 ? "(top level)" : Path)}: {problem}");

    string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>This value as an object holding only <paramref name="allowed"/> fields.</summary>
    public SpecNode Object(params string[] allowed)
    {
        if (Element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Kind(Element)}");
        foreach (var property in Element.EnumerateObject())
            if (!allowed.Contains(property.Name))
                throw new SpecNode(property.Value, Child(property.Name), Source).Error($"unknown field (expected one of: {string.Join(", ", allowed)})");
        return this;
    }

    public bool Has(string name) => Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public SpecNode Field(string name) => Element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
        ? new SpecNode(value, Child(name), Source)
        : throw new SpecNode(default, Child(name), Source).Error("missing");

    public SpecNode? Optional(string name) => Has(name) ? Field(name) : null;

    public string String(bool allowEmpty = false)
    {
        if (Element.ValueKind != JsonValueKind.String) throw Error($"expected a string, found {Kind(Element)}");
        string s = Element.GetString()!;
        if (!allowEmpty && s.Trim().Length == 0) throw Error("must not be empty");
        return s;
    }

    public int Int(int min, int max)
    {
        if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out int v)) throw Error($"expected an integer, found {Kind(Element)}");
        if (v < min || v > max) throw Error($"{v} is out of range [{min}, {max}]");
        return v;
    }

    public double Number(double min, double max)
    {
        if (Element.ValueKind != JsonValueKind.Number) throw Error($"expected a number, found {Kind(Element)}");
        double v = Element.GetDouble();
        if (v < min || v > max) throw Error($"{v} is out of range [{min}, {max}]");
        return v;
    }

    public bool Bool() => Element.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error($"expected true or false, found {Kind(Element)}"),
    };

    public IReadOnlyList<SpecNode> Items(bool allowEmpty = false)
    {
        if (Element.ValueKind != JsonValueKind.Array) throw Error($"expected a list, found {Kind(Element)}");
        string path = Path, source = Source;
        var items = Element.EnumerateArray().Select((e, i) => new SpecNode(e, $"{path}[{i}]", source)).ToArray();
        if (!allowEmpty && items.Length == 0) throw Error("empty list");
        return items;
    }

    /// <param name="allowEmptyStrings">Greetings and the like may be "" (no greeting).</param>
    public IReadOnlyList<string> Strings(bool allowEmpty = false, bool allowEmptyStrings = false) =>
        Items(allowEmpty).Select(i => i.String(allowEmptyStrings)).ToArray();

    /// <summary>A list of values, or <c>{"train": [...], "held_out": [...]}</c> whose held-out values only held-out documents use.</summary>
    public Corpus.WordList WordList()
    {
        if (Element.ValueKind == JsonValueKind.Array) return new(Strings());
        var o = Object("train", "held_out");
        var train = o.Field("train").Strings();
        var heldOut = o.Field("held_out").Strings();
        return new(train.Concat(heldOut).ToArray(), heldOut.Count);
    }

    /// <summary>Rows (each a list of strings, or one string) as a table, plain or <c>{"train", "held_out"}</c>.</summary>
    public Corpus.Table<string[]> Rows(int? width, int minWidth = 1)
    {
        if (Element.ValueKind == JsonValueKind.Array) return new(RowList(this, width, minWidth), 0);
        var o = Object("train", "held_out");
        var train = RowList(o.Field("train"), width, minWidth);
        var heldOut = RowList(o.Field("held_out"), width, minWidth);
        return new(train.Concat(heldOut).ToArray(), heldOut.Length);

        static string[][] RowList(SpecNode node, int? width, int minWidth) => node.Items().Select(row =>
        {
            var cells = row.Element.ValueKind == JsonValueKind.String ? [row.String()] : row.Strings().ToArray();
            if (width is { } w && cells.Length != w) throw row.Error($"a row needs {w} value(s) (one per field), found {cells.Length}");
            if (cells.Length < minWidth) throw row.Error($"a row needs at least {minWidth} values, found {cells.Length}");
            return cells;
        }).ToArray();
    }

    static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Undefined => "nothing",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
