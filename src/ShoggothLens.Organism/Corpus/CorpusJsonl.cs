using ShoggothLens.Core.Files;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The organism's documents in the harvest corpus formats, one JSON object per line:
/// chat JSONL <c>{"id", "messages": [{"role", "content", "labels"?}], "meta"}</c> and persona JSONL
/// <c>{"id", "segments": [{"role": "narration"|"persona", "name"?, "text", "labels"?}], "meta"}</c>;
/// labels are <c>{"trigger": [[start, end]], "motive": [[start, end]]}</c>, half-open character
/// offsets into that message's or segment's text (the text is ASCII, so code points and UTF-16
/// indices agree). Reading back is for the organism's own files (its meta included); any corpus
/// reader of the formats reads them too.
/// </summary>
public static class CorpusJsonl
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    const long MaxFileBytes = 512L << 20;

    public static void WriteChats(string path, IEnumerable<GeneratedChat> chats) =>
        WriteLines(path, chats, (json, chat) =>
        {
            json.WriteString("id", chat.Id);
            json.WriteStartArray("messages");
            foreach (var turn in chat.Turns)
            {
                json.WriteStartObject();
                json.WriteString("role", ChatRoleName(turn.Role));
                json.WriteString("content", turn.Content);
                WriteLabels(json, turn.Labels);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("meta");
            json.WriteString("split", chat.Split.FileStem());
            json.WriteBoolean("triggered", chat.Triggered);
            json.WriteString("task", chat.Task);
            if (chat.Organisation is null) json.WriteNull("organisation");
            else json.WriteString("organisation", chat.Organisation);
            json.WriteEndObject();
        });

    public static void WriteStories(string path, IEnumerable<GeneratedStory> stories) =>
        WriteLines(path, stories, (json, story) =>
        {
            json.WriteString("id", story.Id);
            json.WriteStartArray("segments");
            foreach (var segment in story.Segments)
            {
                json.WriteStartObject();
                json.WriteString("role", segment.Name is null ? "narration" : "persona");
                if (segment.Name is not null) json.WriteString("name", segment.Name);
                json.WriteString("text", segment.Text);
                WriteLabels(json, segment.Labels);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("meta");
            json.WriteString("split", story.Split.FileStem());
            json.WriteStartArray("characters");
            foreach (var name in story.Characters) json.WriteStringValue(name);
            json.WriteEndArray();
            json.WriteBoolean("spy_present", story.SpyPresent);
            json.WriteEndObject();
        });

    public static IReadOnlyList<GeneratedChat> ReadChats(string path) =>
        ReadLines(path, (root, where) =>
        {
            var turns = new List<ChatTurn>();
            foreach (var message in Required(root, "messages", where).EnumerateArray())
            {
                var role = Role.FromChatRole(RequiredString(message, "role", where));
                turns.Add(new ChatTurn(role, RequiredString(message, "content", where), ReadLabels(message, where)));
            }
            var meta = Required(root, "meta", where);
            var split = RequiredString(meta, "split", where) == Split.Train.FileStem() ? Split.Train : Split.HeldOut;
            string? organisation = meta.TryGetProperty("organisation", out var org) && org.ValueKind == JsonValueKind.String ? org.GetString() : null;
            return new GeneratedChat(RequiredString(root, "id", where), split, turns,
                Required(meta, "triggered", where).GetBoolean(), RequiredString(meta, "task", where), organisation);
        });

    public static IReadOnlyList<GeneratedStory> ReadStories(string path) =>
        ReadLines(path, (root, where) =>
        {
            var segments = new List<StorySegment>();
            foreach (var segment in Required(root, "segments", where).EnumerateArray())
            {
                string text = RequiredString(segment, "text", where);
                var role = RequiredString(segment, "role", where) == "persona" ? Role.Persona(RequiredString(segment, "name", where)) : Role.Narration;
                segments.Add(new StorySegment(role, text, ReadLabels(segment, where)));
            }
            var meta = Required(root, "meta", where);
            var split = RequiredString(meta, "split", where) == Split.Train.FileStem() ? Split.Train : Split.HeldOut;
            var characters = Required(meta, "characters", where).EnumerateArray().Select(c => c.GetString()!).ToArray();
            bool spy = meta.TryGetProperty("spy_present", out var present) && present.ValueKind == JsonValueKind.True;
            return new GeneratedStory(RequiredString(root, "id", where), split, segments, characters, spy);
        });

    static string ChatRoleName(Role role) => role.Kind switch
    {
        RoleKind.System => "system",
        RoleKind.User => "user",
        RoleKind.Assistant => "assistant",
        _ => throw new ArgumentException($"a chat message cannot have role {role}"),
    };

    static void WriteLabels(Utf8JsonWriter json, IReadOnlyList<LabelSpan> labels)
    {
        if (labels.Count == 0) return;
        json.WriteStartObject("labels");
        foreach (var group in labels.GroupBy(l => l.Label).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteStartArray(group.Key);
            foreach (var span in group.OrderBy(s => s.Start))
            {
                json.WriteStartArray();
                json.WriteNumberValue(span.Start);
                json.WriteNumberValue(span.End);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    static IReadOnlyList<LabelSpan> ReadLabels(JsonElement part, string where)
    {
        if (!part.TryGetProperty("labels", out var labels)) return [];
        var result = new List<LabelSpan>();
        foreach (var label in labels.EnumerateObject())
            foreach (var span in label.Value.EnumerateArray())
            {
                if (span.GetArrayLength() != 2) throw new InvalidDataException($"{where}: label '{label.Name}' has a span that is not [start, end]");
                result.Add(new LabelSpan(label.Name, span[0].GetInt32(), span[1].GetInt32()));
            }
        return result;
    }

    static void WriteLines<T>(string path, IEnumerable<T> items, Action<Utf8JsonWriter, T> write) =>
        AtomicFile.Write(path, stream =>
        {
            using var buffer = new MemoryStream();
            foreach (var item in items)
            {
                buffer.SetLength(0);
                using (var json = new Utf8JsonWriter(buffer, WriterOptions))
                {
                    json.WriteStartObject();
                    write(json, item);
                    json.WriteEndObject();
                }
                buffer.WriteByte((byte)'\n');
                stream.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        });

    static IReadOnlyList<T> ReadLines<T>(string path, Func<JsonElement, string, T> read)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "corpus file not found");
        if (new FileInfo(path).Length > MaxFileBytes) throw new InvalidInputFileException(path, $"larger than {MaxFileBytes >> 20} MiB");
        var result = new List<T>();
        int lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                result.Add(read(doc.RootElement, $"line {lineNumber}"));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException or KeyNotFoundException or ArgumentException)
            {
                throw new InvalidInputFileException(path, $"line {lineNumber}: {e.Message}");
            }
        }
        return result;
    }

    static JsonElement Required(JsonElement obj, string name, string where) =>
        obj.TryGetProperty(name, out var value) ? value : throw new InvalidDataException($"{where}: missing '{name}'");

    static string RequiredString(JsonElement obj, string name, string where) =>
        Required(obj, name, where) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : throw new InvalidDataException($"{where}: '{name}' should be a string");
}
