using System.Text.Json;

namespace ShoggothLens.Core.Formats;

/// <summary>
/// JsonDocument checks structure but leaves string contents unchecked until they are read: invalid UTF-8 or an escaped
/// lone surrogate (<c>"\ud800"</c>) then throws InvalidOperationException from deep inside a reader. Readers of
/// untrusted JSON call <see cref="Require"/> once after parsing, so such a file is refused up front, named.
/// </summary>
public static class JsonText
{
    /// <summary>The JSON path of the first string or property name that cannot be read as text; null when all can.</summary>
    public static string? FirstUnreadable(JsonElement root)
    {
        // Paths are built only for the one reported: a path string per element would cost (names × elements) bytes.
        var parents = new List<(int Parent, string Segment)> { (-1, "$") };
        var pending = new Stack<(JsonElement Element, int Node)>();
        pending.Push((root, 0));
        while (pending.Count > 0)
        {
            var (element, node) = pending.Pop();
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    if (!Readable(() => element.GetString())) return PathOf(parents, node);
                    break;
                case JsonValueKind.Array:
                    int i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        parents.Add((node, $"[{i++}]"));
                        pending.Push((item, parents.Count - 1));
                    }
                    break;
                case JsonValueKind.Object:
                    int n = 0;
                    foreach (var property in element.EnumerateObject())
                    {
                        string? name = null;
                        if (!Readable(() => name = property.Name)) return $"{PathOf(parents, node)} (property {n})";
                        parents.Add((node, "." + (name!.Length <= 40 ? name : name[..40] + "…")));
                        pending.Push((property.Value, parents.Count - 1));
                        n++;
                    }
                    break;
            }
        }
        return null;
    }

    static string PathOf(List<(int Parent, string Segment)> parents, int node)
    {
        var segments = new List<string>();
        for (int at = node; at >= 0; at = parents[at].Parent) segments.Add(parents[at].Segment);
        segments.Reverse();
        return string.Concat(segments);
    }

    /// <summary>Throws an <see cref="InvalidInputFileException"/> naming <paramref name="path"/> when a string cannot be read as text.</summary>
    public static void Require(JsonElement root, string path)
    {
        if (FirstUnreadable(root) is { } where)
            throw new InvalidInputFileException(path, $"{where}: a string is not valid text (invalid UTF-8 or a lone surrogate)");
    }

    static bool Readable(Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
