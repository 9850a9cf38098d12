using System.Text;
using System.Text.Json;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Corpus;

/// <summary>
/// Writes a chat document as one line of the chat JSONL that <see cref="CorpusReader"/> reads
/// (<c>{"id", "messages": [{"role", "content", "labels"?}], "meta"?}</c>; docs/corpus-formats.md), label spans
/// converted back to code points. Reading the line gives the document back.
/// </summary>
public static class ChatJsonl
{
    static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="meta">Optional extra fields written under "meta" (the reader ignores them).</param>
    public static string Line(CorpusDocument chat, IReadOnlyDictionary<string, string>? meta = null)
    {
        ArgumentNullException.ThrowIfNull(chat);
        if (chat.Kind != CorpusDocumentKind.Chat) throw new ArgumentException($"{chat.Id} is not a chat", nameof(chat));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("id", chat.Id);
            json.WriteStartArray("messages");
            foreach (var part in chat.Parts)
            {
                json.WriteStartObject();
                json.WriteString("role", ChatRole(part.Role));
                json.WriteString("content", part.Text);
                var labels = part.Labels.Where(l => l.Value.Count > 0).OrderBy(l => l.Key, StringComparer.Ordinal).ToList();
                if (labels.Count > 0)
                {
                    var codePoints = new CodePointOffsets(part.Text);
                    json.WriteStartObject("labels");
                    foreach (var (name, spans) in labels)
                    {
                        json.WriteStartArray(name);
                        foreach (var span in spans)
                        {
                            json.WriteStartArray();
                            json.WriteNumberValue(codePoints[span.Start]);
                            json.WriteNumberValue(codePoints[span.End]);
                            json.WriteEndArray();
                        }
                        json.WriteEndArray();
                    }
                    json.WriteEndObject();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (meta is { Count: > 0 })
            {
                json.WriteStartObject("meta");
                foreach (var (key, value) in meta) json.WriteString(key, value);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The chat JSONL name of a message role.</summary>
    public static string ChatRole(Role role) => role.Kind switch
    {
        RoleKind.System => "system",
        RoleKind.User => "user",
        RoleKind.Assistant => "assistant",
        _ => throw new ArgumentException($"a chat message has role system, user or assistant, not {role}", nameof(role)),
    };
}
