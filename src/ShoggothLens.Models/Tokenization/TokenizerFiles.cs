using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Reads tokenizer files as untrusted input: a size cap checked before reading, and every
/// failure (missing, too big, unreadable, malformed JSON) as an <see cref="InvalidInputFileException"/>
/// that names the file.
/// </summary>
public static class TokenizerFiles
{
    public const long MaxTokenizerJsonBytes = 512L << 20;
    public const long MaxVocabOrMergesBytes = 256L << 20;
    public const long MaxSentencePieceModelBytes = 256L << 20;
    public const long MaxConfigBytes = 64L << 20;

    /// <summary>Ids above this are refused: a hostile id must not make us allocate gigabytes.</summary>
    public const int MaxTokenId = 4_000_000;

    public static byte[] ReadBytes(string path, long maxBytes)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
                throw new InvalidInputFileException(path, "file not found");
            if (info.Length > maxBytes)
                throw new InvalidInputFileException(path, $"file is {info.Length} bytes, more than the {maxBytes} bytes a tokenizer file may have");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Read at most maxBytes + 1 so a file that grew after the check is still caught.
            var buffer = new byte[Math.Min(info.Length, maxBytes) + 1];
            int total = 0, read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
                total += read;
            if (total > maxBytes)
                throw new InvalidInputFileException(path, $"file is more than the {maxBytes} bytes a tokenizer file may have");
            return buffer.AsSpan(0, total).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputFileException(path, $"cannot read file: {e.Message}", e);
        }
    }

    public static JsonDocument ReadJson(string path, long maxBytes)
    {
        var bytes = ReadBytes(path, maxBytes);
        try
        {
            var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            if (JsonText.FirstUnreadable(doc.RootElement) is { } where)
            {
                doc.Dispose();
                throw new InvalidInputFileException(path, $"{where}: a string is not valid text (invalid UTF-8 or a lone surrogate)");
            }
            return doc;
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(path, $"malformed JSON: {e.Message}", e);
        }
    }

    /// <summary>A property's string value; a missing or null property is null, any other kind is an error.</summary>
    public static string? OptionalString(string path, JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidInputFileException(path, $"'{name}' should be a string, found {value.ValueKind}");
    }

    public static bool? OptionalBool(string path, JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidInputFileException(path, $"'{name}' should be true or false, found {value.ValueKind}"),
        };
    }

    /// <summary>A token id: a JSON integer in [0, <see cref="MaxTokenId"/>].</summary>
    public static int TokenId(string path, JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int id) || id < 0 || id > MaxTokenId)
            throw new InvalidInputFileException(path, $"{what}: token id should be an integer from 0 to {MaxTokenId}, found {value.GetRawText()}");
        return id;
    }
}
