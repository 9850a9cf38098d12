using ShoggothLens.Core.Files;
using System.Text.Json;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>Writes and reads <c>manifest.json</c>. Output is deterministic: the same store state gives the same bytes.</summary>
public static class StoreManifestJson
{
    public const long MaxManifestBytes = 256L << 20;

    public static byte[] Serialize(StoreManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonFields.Indented))
        {
            w.WriteStartObject();
            w.WriteString("format", StoreManifest.FormatName);
            w.WriteNumber("version", StoreManifest.Version);
            WriteSettings(w, manifest.Settings, includeMaxTokens: true);
            w.WriteStartObject("progress");
            w.WriteStartObject("cursor");
            w.WriteNumber("record", manifest.Cursor.Record);
            w.WriteNumber("window", manifest.Cursor.Window);
            w.WriteNumber("skip_tokens", manifest.Cursor.SkipTokens);
            w.WriteEndObject();
            w.WriteBoolean("complete", manifest.Complete);
            w.WriteNumber("skipped_records", manifest.SkippedRecords);
            w.WriteEndObject();
            w.WriteNumber("tokens", manifest.Tokens);
            w.WriteStartArray("roles");
            foreach (var r in manifest.Roles)
            {
                w.WriteStartObject();
                w.WriteString("role", r.Role.ToString());
                w.WriteNumber("tokens", r.Tokens);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            JsonFields.WriteStrings(w, "labels", manifest.Labels);
            w.WriteStartArray("chunks");
            foreach (var c in manifest.Chunks)
            {
                w.WriteStartObject();
                w.WriteString("file", c.File);
                w.WriteNumber("tokens", c.Tokens);
                w.WriteNumber("bytes", c.Bytes);
                w.WriteString("xxh3", c.XxHash3);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>
    /// The settings as compact JSON: two harvests continue each other only if these agree.
    /// <paramref name="includeShard"/> false compares shards of one harvest.
    /// </summary>
    public static string SettingsKey(StoreSettings settings, bool includeShard = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, JsonFields.Compact))
        {
            w.WriteStartObject();
            WriteSettings(w, includeShard ? settings : settings with { Shard = default }, includeMaxTokens: false);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    static void WriteSettings(Utf8JsonWriter w, StoreSettings s, bool includeMaxTokens)
    {
        w.WriteStartObject("model");
        w.WriteString("id", s.ModelId);
        w.WriteString("fingerprint", s.ModelFingerprint);
        w.WriteEndObject();
        JsonFields.WriteStrings(w, "hooks", s.Hooks);
        w.WriteNumber("d_model", s.DModel);
        w.WriteString("dtype", s.DType.Name());
        w.WriteNumber("chunk_tokens", s.ChunkTokens);
        var h = s.Harvest;
        w.WriteStartObject("harvest");
        w.WriteString("tokenizer", h.Tokenizer);
        w.WriteString("chat_template", h.ChatTemplate);
        w.WriteNumber("context", h.Context);
        w.WriteNumber("batch", h.BatchSize);
        w.WriteNumber("records_per_block", h.RecordsPerBlock);
        if (includeMaxTokens)
        {
            if (h.MaxTokens is { } max) w.WriteNumber("max_tokens", max);
            else w.WriteNull("max_tokens");
        }
        w.WriteNumber("records", h.TotalRecords);
        w.WriteStartArray("corpus");
        foreach (var c in h.Corpus)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteNumber("bytes", c.Bytes);
            w.WriteNumber("records", c.Records);
            w.WriteString("xxh3", c.XxHash3);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("shard");
        w.WriteNumber("index", s.Shard.Index);
        w.WriteNumber("count", s.Shard.Count);
        w.WriteNumber("first_record", s.Shard.FirstRecord);
        w.WriteNumber("end_record", s.Shard.EndRecord);
        w.WriteEndObject();
    }

    public static void Write(string directory, StoreManifest manifest)
    {
        var bytes = Serialize(manifest);
        AtomicFile.Write(Path.Combine(directory, StoreManifest.FileName), s => s.Write(bytes));
    }

    /// <summary>Reads and checks a manifest; every problem is an <see cref="InvalidInputFileException"/> naming it.</summary>
    public static StoreManifest Read(string directory)
    {
        string path = Path.Combine(directory, StoreManifest.FileName);
        if (!Directory.Exists(directory)) throw new InvalidInputFileException(directory, "store directory not found");
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "not found: this folder is not an activation store");
        long length = new FileInfo(path).Length;
        if (length > MaxManifestBytes) throw new InvalidInputFileException(path, $"{length} bytes, over the {MaxManifestBytes >> 20} MiB limit for a manifest");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 16 });
            JsonText.Require(doc.RootElement, path);
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(path, $"not valid JSON ({e.Message})", e);
        }
        catch (FormatException e)
        {
            throw new InvalidInputFileException(path, e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputFileException(path, e.Message, e);
        }
        catch (OverflowException e)
        {
            // Counts (records, tokens per role) are summed with checked arithmetic: values near long.MaxValue overflow.
            throw new InvalidInputFileException(path, $"counts that add up past {long.MaxValue} ({e.Message})", e);
        }
    }

    static StoreManifest Parse(JsonElement root)
    {
        if (JsonFields.String(root, "format") != StoreManifest.FormatName)
            throw new FormatException($"'format' is not {StoreManifest.FormatName}");
        int version = JsonFields.Int(root, "version");
        if (version != StoreManifest.Version)
            throw new FormatException($"store format version {version} is not supported (this build reads version {StoreManifest.Version})");

        var model = JsonFields.Get(root, "model", JsonValueKind.Object);
        var harvest = JsonFields.Get(root, "harvest", JsonValueKind.Object);
        var corpus = JsonFields.Array(harvest, "corpus", c => new CorpusFileSummary(
            JsonFields.String(c, "name"), JsonFields.Long(c, "bytes"), JsonFields.Long(c, "records"), JsonFields.String(c, "xxh3")));
        var parameters = new HarvestParameters(corpus, JsonFields.String(harvest, "tokenizer"), JsonFields.String(harvest, "chat_template"),
            JsonFields.Int(harvest, "context", 1), JsonFields.Int(harvest, "batch", 1), JsonFields.Int(harvest, "records_per_block", 1),
            JsonFields.OptionalLong(harvest, "max_tokens"));
        if (JsonFields.Long(harvest, "records") != parameters.TotalRecords)
            throw new FormatException("'harvest.records' differs from the sum of the corpus files' records");
        var shard = JsonFields.Get(root, "shard", JsonValueKind.Object);
        var range = new ShardRange(JsonFields.Int(shard, "index"), JsonFields.Int(shard, "count", 1),
            JsonFields.Long(shard, "first_record"), JsonFields.Long(shard, "end_record"));
        if (range.Index >= range.Count || range.FirstRecord > range.EndRecord || range.EndRecord > parameters.TotalRecords)
            throw new FormatException($"'shard' is inconsistent: {range}");
        var settings = new StoreSettings(JsonFields.String(model, "id"), JsonFields.String(model, "fingerprint"),
            JsonFields.Strings(root, "hooks"), JsonFields.Int(root, "d_model", 1, 1 << 20),
            ActivationDTypes.Parse(JsonFields.String(root, "dtype")), JsonFields.Int(root, "chunk_tokens", 1), parameters, range);
        settings.Validate();

        var progress = JsonFields.Get(root, "progress", JsonValueKind.Object);
        var cursorJson = JsonFields.Get(progress, "cursor", JsonValueKind.Object);
        var cursor = new HarvestCursor(JsonFields.Long(cursorJson, "record"), JsonFields.Int(cursorJson, "window"), JsonFields.Long(cursorJson, "skip_tokens"));

        var roles = JsonFields.Array(root, "roles", r => new RoleTokenCount(Role.Parse(JsonFields.String(r, "role")), JsonFields.Long(r, "tokens")));
        var labels = JsonFields.Strings(root, "labels");
        var chunks = JsonFields.Array(root, "chunks", c => new ManifestChunk(JsonFields.String(c, "file"),
            JsonFields.Int(c, "tokens", 1, settings.ChunkTokens), JsonFields.Long(c, "bytes"), JsonFields.String(c, "xxh3")));
        for (int i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].File != ManifestChunk.FileFor(i))
                throw new FormatException($"chunk {i} is '{chunks[i].File}'; chunk files are named {ManifestChunk.FileFor(i)} in order");
            if (i < chunks.Count - 1 && chunks[i].Tokens != settings.ChunkTokens)
                throw new FormatException($"chunk {i} has {chunks[i].Tokens} tokens; every chunk but the last has {settings.ChunkTokens}");
        }
        var manifest = new StoreManifest(settings, cursor, JsonFields.Bool(progress, "complete"), JsonFields.Long(progress, "skipped_records"),
            roles, labels, chunks);
        if (JsonFields.Long(root, "tokens") != manifest.Tokens)
            throw new FormatException("'tokens' differs from the sum of the chunks' tokens");
        if (roles.Sum(r => r.Tokens) != manifest.Tokens)
            throw new FormatException("the role counts do not add up to 'tokens'");
        if (roles.Select(r => r.Role).Distinct().Count() != roles.Count || labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            throw new FormatException("a role or label is listed twice");
        if (labels.Count > 32)
            throw new FormatException($"{labels.Count} labels; a token's label mask holds 32");
        return manifest;
    }
}
