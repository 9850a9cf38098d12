using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>Reads a BPE vocabulary ({"token": id, ...}) and merges ("a b" lines or ["a", "b"] pairs).</summary>
public static class VocabularyReader
{
    public static Dictionary<string, int> ReadVocabulary(string path, JsonElement vocab)
    {
        if (vocab.ValueKind != JsonValueKind.Object)
            throw new InvalidInputFileException(path, $"the vocabulary should be an object of token → id, found {vocab.ValueKind}");
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in vocab.EnumerateObject())
            result[entry.Name] = TokenizerFiles.TokenId(path, entry.Value, $"vocabulary entry '{entry.Name}'");
        if (result.Count == 0)
            throw new InvalidInputFileException(path, "the vocabulary is empty");
        return result;
    }

    /// <summary>Merges as tokenizer.json writes them: "left right" strings or [left, right] arrays.</summary>
    public static List<(string Left, string Right)> ReadMerges(string path, JsonElement merges)
    {
        if (merges.ValueKind != JsonValueKind.Array)
            throw new InvalidInputFileException(path, $"'merges' should be an array, found {merges.ValueKind}");
        var result = new List<(string, string)>(merges.GetArrayLength());
        int index = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
                result.Add(SplitMergeLine(path, merge.GetString()!, $"merge {index}"));
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
                result.Add((merge[0].GetString()!, merge[1].GetString()!));
            else
                throw new InvalidInputFileException(path, $"merge {index} should be \"a b\" or [\"a\", \"b\"], found {merge.ValueKind}");
            index++;
        }
        return result;
    }

    /// <summary>merges.txt: an optional "#version" line, then one "left right" pair per line.</summary>
    public static List<(string Left, string Right)> ReadMergesText(string path, string text)
    {
        var result = new List<(string, string)>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || (i == 0 && line.StartsWith("#version", StringComparison.Ordinal)))
                continue;
            result.Add(SplitMergeLine(path, line, $"line {i + 1}"));
        }
        return result;
    }

    static (string, string) SplitMergeLine(string path, string line, string where)
    {
        var parts = line.Split(' ');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0
            ? (parts[0], parts[1])
            : throw new InvalidInputFileException(path, $"{where}: a merge should be two tokens separated by one space, found '{Shorten(line)}'");
    }

    static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
