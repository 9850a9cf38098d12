using ShoggothLens.Core.Files;
using System.Security.Cryptography;
using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The corpus folder: <c>{train,heldout}.persona.jsonl</c>, <c>{train,heldout}.chat.jsonl</c> and
/// <c>corpus.json</c>, a manifest with the format version, the seed, and each file's document count
/// and SHA-256. Held-out files alone (the shipped analysis corpus) are a valid folder too.
/// </summary>
public static class CorpusFiles
{
    public const string ManifestFileName = "corpus.json";
    public const int FormatVersion = 1;

    public static string StoriesPath(string directory, Split split) => Path.Combine(directory, $"{split.FileStem()}.persona.jsonl");
    public static string ChatsPath(string directory, Split split) => Path.Combine(directory, $"{split.FileStem()}.chat.jsonl");

    /// <summary>Writes the splits in <paramref name="splits"/> and the manifest.</summary>
    public static void Write(string directory, OrganismCorpus corpus, params Split[] splits)
    {
        Directory.CreateDirectory(directory);
        var files = new List<(string Name, int Documents)>();
        foreach (var split in splits)
        {
            CorpusJsonl.WriteStories(StoriesPath(directory, split), corpus.Stories(split));
            CorpusJsonl.WriteChats(ChatsPath(directory, split), corpus.Chats(split));
            files.Add((Path.GetFileName(StoriesPath(directory, split)), corpus.Stories(split).Count));
            files.Add((Path.GetFileName(ChatsPath(directory, split)), corpus.Chats(split).Count));
        }
        AtomicFile.Write(Path.Combine(directory, ManifestFileName), stream =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("format", "shoggoth-organism-corpus");
            json.WriteNumber("version", FormatVersion);
            json.WriteNumber("seed", corpus.Seed);
            json.WriteString("trigger", corpus.Spec.Trigger.Name);
            json.WriteStartArray("motive_key_phrases");
            foreach (var p in corpus.Spec.Detector.Phrases) json.WriteStringValue(p);
            json.WriteEndArray();
            json.WriteStartObject("files");
            foreach (var (name, documents) in files)
            {
                json.WriteStartObject(name);
                json.WriteNumber("documents", documents);
                json.WriteString("sha256", Sha256(Path.Combine(directory, name)));
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }

    /// <summary>Reads one split, checking each file against the manifest's checksum.</summary>
    public static (IReadOnlyList<GeneratedStory> Stories, IReadOnlyList<GeneratedChat> Chats) Read(string directory, Split split)
    {
        string manifest = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifest)) throw new InvalidInputFileException(manifest, "missing corpus manifest");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
        var root = doc.RootElement;
        if (!root.TryGetProperty("version", out var version) || version.GetInt32() != FormatVersion)
            throw new InvalidInputFileException(manifest, $"unsupported corpus version (expected {FormatVersion})");
        foreach (var path in new[] { StoriesPath(directory, split), ChatsPath(directory, split) })
        {
            string name = Path.GetFileName(path);
            if (!root.GetProperty("files").TryGetProperty(name, out var entry))
                throw new InvalidInputFileException(manifest, $"the manifest does not list {name}");
            if (!File.Exists(path)) throw new InvalidInputFileException(path, "corpus file not found");
            if (Sha256(path) != entry.GetProperty("sha256").GetString())
                throw new InvalidInputFileException(path, "checksum differs from corpus.json (the file was changed or truncated)");
        }
        return (CorpusJsonl.ReadStories(StoriesPath(directory, split)), CorpusJsonl.ReadChats(ChatsPath(directory, split)));
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
