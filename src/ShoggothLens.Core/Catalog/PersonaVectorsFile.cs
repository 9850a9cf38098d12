using ShoggothLens.Core.Files;
using System.Text.Json;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Catalog;

/// <summary>The persona vectors of a catalog (<see cref="CatalogFolder.PersonaVectorsFileName"/>): mean residual over each outside role minus the Assistant's.</summary>
public sealed record PersonaVectorSet(string Hook, int DModel, string Definition, IReadOnlyList<PersonaVector> Vectors);

/// <summary>Reads and writes <c>persona-vectors.json</c> (format "shoggoth-persona-vectors", version 1; docs/feature-analysis.md).</summary>
public static class PersonaVectorsFile
{
    public const string Format = "shoggoth-persona-vectors";
    public const int Version = 1;
    public const string Definition = "mean residual over the role's tokens minus mean residual over Assistant tokens";

    /// <summary>Larger files are refused before they are parsed (a catalog's vectors are a few roles × d_model numbers).</summary>
    public const long MaxBytes = 256L << 20;

    public static void Write(string path, string hook, int dModel, IReadOnlyList<PersonaVector> vectors) =>
        AtomicFile.WriteAllText(path, ToJson(hook, dModel, vectors));

    /// <summary>Compact JSON, invariant culture, round-trip floats, ending in a newline.</summary>
    public static string ToJson(string hook, int dModel, IReadOnlyList<PersonaVector> vectors)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteNumber("version", Version);
            w.WriteString("definition", Definition);
            w.WriteString("hook", hook);
            w.WriteNumber("d_model", dModel);
            w.WriteStartArray("vectors");
            foreach (var v in vectors)
            {
                w.WriteStartObject();
                w.WriteString("persona", v.Persona);
                w.WriteString("role", v.Role);
                w.WriteNumber("tokens", v.Tokens);
                w.WriteNumber("assistant_tokens", v.AssistantTokens);
                w.WriteNumber("norm", v.Norm);
                w.WriteStartArray("vector");
                foreach (float x in v.Vector) w.WriteNumberValue(x);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads the file back; anything malformed is an <see cref="InvalidInputFileException"/> naming it.</summary>
    public static PersonaVectorSet Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new InvalidInputFileException(path, "no persona vectors here");
        if (info.Length > MaxBytes) throw new InvalidInputFileException(path, $"{info.Length} bytes: larger than persona vectors can be ({MaxBytes})");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            if (JsonFields.String(root, "format") != Format) throw new InvalidInputFileException(path, $"not a persona-vectors file (format must be \"{Format}\")");
            int version = JsonFields.Int(root, "version");
            if (version != Version) throw new InvalidInputFileException(path, $"persona-vectors version {version}; this build reads version {Version}");
            string hook = JsonFields.String(root, "hook");
            int dModel = JsonFields.Int(root, "d_model", 1, 1 << 20);
            if (dModel < 1) throw new InvalidInputFileException(path, $"d_model {dModel} must be ≥ 1");
            var vectors = new List<PersonaVector>();
            foreach (var v in JsonFields.Get(root, "vectors", JsonValueKind.Array).EnumerateArray())
            {
                var values = JsonFields.Get(v, "vector", JsonValueKind.Array);
                if (values.GetArrayLength() != dModel)
                    throw new InvalidInputFileException(path, $"a vector has {values.GetArrayLength()} values where d_model is {dModel}");
                var vector = new float[dModel];
                int i = 0;
                foreach (var x in values.EnumerateArray()) vector[i++] = x.GetSingle();
                vectors.Add(new PersonaVector(JsonFields.String(v, "persona"), JsonFields.String(v, "role"), JsonFields.Long(v, "tokens"), JsonFields.Long(v, "assistant_tokens"), vector));
            }
            return new PersonaVectorSet(hook, dModel, root.TryGetProperty("definition", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : Definition, vectors);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidInputFileException(path, $"malformed persona vectors: {e.Message}", e);
        }
    }
}
