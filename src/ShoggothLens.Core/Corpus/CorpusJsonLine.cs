using System.Text.Json;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Parses one JSONL record into a document: a chat (<c>{"id", "messages": [{"role", "content",
/// "labels"?}], "meta"?}</c>) or a story (<c>{"id", "segments": [{"role": "narration"|"persona",
/// "name"?, "text", "labels"?}]}</c>). Other top-level keys, such as "meta", are allowed and ignored.
/// Problems are <see cref="CorpusProblemException"/>s that name the JSON path.
/// </summary>
internal static class CorpusJsonLine
{
    public const int MaxIdLength = 1024;
    static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    public static CorpusDocument Parse(ReadOnlyMemory<byte> utf8, string defaultId)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8, Options);
        }
        catch (JsonException e)
        {
            throw new CorpusProblemException($"not valid JSON ({e.Message})");
        }
        using (json)
        {
            try
            {
                return Parse(json.RootElement, defaultId);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses strings it cannot turn into UTF-16 (an escaped lone surrogate).
                throw new CorpusProblemException($"unreadable JSON string ({e.Message})");
            }
        }
    }

    static CorpusDocument Parse(JsonElement root, string defaultId)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new CorpusProblemException($"expected a JSON object, got {root.ValueKind.ToString().ToLowerInvariant()}");
        string id = ReadId(root, defaultId);
        bool chat = root.TryGetProperty("messages", out var messages);
        bool story = root.TryGetProperty("segments", out var segments);
        if (chat == story)
            throw new CorpusProblemException(chat
                ? "a record has either \"messages\" (a chat) or \"segments\" (a story), not both"
                : "expected \"messages\" (a chat) or \"segments\" (a story)");
        return chat
            ? new CorpusDocument(id, CorpusDocumentKind.Chat, ReadParts(messages, "messages", ReadMessage))
            : new CorpusDocument(id, CorpusDocumentKind.Persona, ReadParts(segments, "segments", ReadSegment));
    }

    static string ReadId(JsonElement root, string defaultId)
    {
        if (!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null) return defaultId;
        string text = id.ValueKind switch
        {
            JsonValueKind.String => id.GetString()!,
            JsonValueKind.Number when id.TryGetInt64(out long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new CorpusProblemException($"id: expected a string or an integer, got {CorpusLabels.Shorten(id.GetRawText())}"),
        };
        if (text.Length == 0 || text.Length > MaxIdLength)
            throw new CorpusProblemException($"id: expected 1 to {MaxIdLength} characters");
        return text;
    }

    static List<CorpusPart> ReadParts(JsonElement array, string name, Func<JsonElement, string, CorpusPart> read)
    {
        if (array.ValueKind != JsonValueKind.Array)
            throw new CorpusProblemException($"{name}: expected a list");
        if (array.GetArrayLength() == 0)
            throw new CorpusProblemException($"{name}: the list is empty");
        var parts = new List<CorpusPart>(array.GetArrayLength());
        int i = 0;
        foreach (var element in array.EnumerateArray())
        {
            string where = $"{name}[{i++}]";
            if (element.ValueKind != JsonValueKind.Object)
                throw new CorpusProblemException($"{where}: expected an object");
            parts.Add(read(element, where));
        }
        return parts;
    }

    static CorpusPart ReadMessage(JsonElement message, string where)
    {
        string roleName = RequiredString(message, "role", where);
        var role = roleName.ToLowerInvariant() switch
        {
            "system" => Role.System,
            "user" => Role.User,
            "assistant" => Role.Assistant,
            _ => throw new CorpusProblemException($"{where}.role: unknown role '{CorpusLabels.Shorten(roleName)}' (expected system, user or assistant)"),
        };
        string content = RequiredString(message, "content", where);
        return new CorpusPart(role, content, CorpusLabels.Read(message, content, where));
    }

    static CorpusPart ReadSegment(JsonElement segment, string where)
    {
        string roleName = RequiredString(segment, "role", where);
        bool hasName = segment.TryGetProperty("name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null;
        Role role;
        switch (roleName.ToLowerInvariant())
        {
            case "narration":
                if (hasName)
                    throw new CorpusProblemException($"{where}.name: narration has no speaker; give role \"persona\" to name one");
                role = Role.Narration;
                break;
            case "persona":
                if (!hasName || nameElement.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(nameElement.GetString()))
                    throw new CorpusProblemException($"{where}.name: a persona segment needs the character's name");
                string name = nameElement.GetString()!;
                if (name.Length > 128 || name.Any(char.IsControl))
                    throw new CorpusProblemException($"{where}.name: a persona name has at most 128 characters and no control characters");
                role = Role.Persona(name);
                break;
            default:
                throw new CorpusProblemException($"{where}.role: unknown role '{CorpusLabels.Shorten(roleName)}' (expected narration or persona)");
        }
        string text = RequiredString(segment, "text", where);
        return new CorpusPart(role, text, CorpusLabels.Read(segment, text, where));
    }

    static string RequiredString(JsonElement element, string name, string where) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new CorpusProblemException($"{where}.{name}: expected a string");
}
