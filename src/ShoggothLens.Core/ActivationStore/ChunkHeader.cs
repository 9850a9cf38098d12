using ShoggothLens.Core.Formats;
using System.Text.Json;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// A chunk's JSON header: what the activations are (model, hooks, d_model, dtype), how many tokens,
/// the chunk's own role and label tables (so a chunk reads alone, and merged shards need no
/// rewriting of ids), the documents its tokens come from, the array layout and the data's XxHash3.
/// </summary>
public sealed record ChunkHeader(
    string ModelId,
    IReadOnlyList<string> Hooks,
    int DModel,
    ActivationDType DType,
    int Tokens,
    IReadOnlyList<Role> Roles,
    IReadOnlyList<string> LabelNames,
    IReadOnlyList<StoreDocument> Documents,
    string DataXxHash3)
{
    public const string FormatName = "shoggoth-activation-chunk";

    public ChunkLayout Layout => new(Tokens, DModel, Hooks.Count, DType);

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonFields.Compact))
        {
            var layout = Layout;
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", ChunkFormat.Version);
            w.WriteString("model", ModelId);
            JsonFields.WriteStrings(w, "hooks", Hooks);
            w.WriteNumber("d_model", DModel);
            w.WriteString("dtype", DType.Name());
            w.WriteNumber("tokens", Tokens);
            JsonFields.WriteStrings(w, "roles", Roles.Select(r => r.ToString()));
            JsonFields.WriteStrings(w, "labels", LabelNames);
            w.WriteStartArray("documents");
            foreach (var d in Documents)
            {
                w.WriteStartObject();
                w.WriteNumber("index", d.Index);
                w.WriteString("id", d.Id);
                w.WriteNumber("file", d.File);
                w.WriteNumber("line", d.Line);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("arrays");
            foreach (var (name, offset, bytes) in layout.Arrays(Hooks))
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("offset", offset);
                w.WriteNumber("bytes", bytes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("data_bytes", layout.DataBytes);
            w.WriteString("data_xxh3", DataXxHash3);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Parses and checks a header; every problem is a FormatException.</summary>
    public static ChunkHeader Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"chunk header is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (JsonText.FirstUnreadable(root) is { } where) throw new FormatException($"chunk header {where}: a string is not valid text");
            if (JsonFields.String(root, "format") != FormatName) throw new FormatException($"chunk header 'format' is not {FormatName}");
            if (JsonFields.Int(root, "version") != ChunkFormat.Version) throw new FormatException("chunk header version differs from the preamble's");
            var hooks = JsonFields.Strings(root, "hooks");
            if (hooks.Count == 0) throw new FormatException("chunk header lists no hooks");
            int dModel = JsonFields.Int(root, "d_model", 1, 1 << 20);
            var dtype = ActivationDTypes.Parse(JsonFields.String(root, "dtype"));
            int tokens = JsonFields.Int(root, "tokens", 0, 1 << 30);
            var roles = JsonFields.Strings(root, "roles").Select(Role.Parse).ToList();
            if (roles.Count > ushort.MaxValue) throw new FormatException("chunk header lists too many roles");
            var labels = JsonFields.Strings(root, "labels");
            if (labels.Count > 32) throw new FormatException($"chunk header lists {labels.Count} labels; a label mask holds 32");
            var documents = JsonFields.Array(root, "documents", d => new StoreDocument(
                JsonFields.Long(d, "index"), JsonFields.String(d, "id"), JsonFields.Int(d, "file"), JsonFields.Long(d, "line")));
            var header = new ChunkHeader(JsonFields.String(root, "model"), hooks, dModel, dtype, tokens, roles, labels, documents,
                JsonFields.String(root, "data_xxh3"));

            var layout = header.Layout;
            var arrays = JsonFields.Array(root, "arrays", a => (JsonFields.String(a, "name"), JsonFields.Long(a, "offset"), JsonFields.Long(a, "bytes")));
            if (!arrays.SequenceEqual(layout.Arrays(hooks)))
                throw new FormatException("chunk header's array layout does not match its token count, d_model, dtype and hooks");
            if (JsonFields.Long(root, "data_bytes") != layout.DataBytes)
                throw new FormatException($"chunk header's data_bytes differs from its layout ({layout.DataBytes})");
            return header;
        }
    }
}
