using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Builds a tokenizer from a Hugging Face tokenizer.json. Supported: model BPE with a ByteLevel
/// pre-tokenizer, alone or after regex Splits (GPT-2, Qwen2, Llama 3); normalizer none or NFC.
/// NFC is accepted but not applied (.NET's invariant-globalization mode has no Unicode
/// normalization), so text should already be NFC, as nearly all text is.
/// </summary>
public static class TokenizerJsonReader
{
    public const string FileName = "tokenizer.json";

    /// <summary>Reads the file; null with a reason when it is well formed but of a kind we do not support.</summary>
    public static TextTokenizer? TryRead(string path, TokenizerConfig config, out string? unsupported) =>
        TryReadModel(path, config, out unsupported) is { } model ? ByteLevelBpeBackend.Create(model) : null;

    /// <summary>The byte-level BPE the file describes, before an implementation is chosen.</summary>
    public static ByteLevelBpeModel? TryReadModel(string path, TokenizerConfig config, out string? unsupported)
    {
        using var doc = TokenizerFiles.ReadJson(path, TokenizerFiles.MaxTokenizerJsonBytes);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidInputFileException(path, $"expected a JSON object, found {root.ValueKind}");
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new InvalidInputFileException(path, "no 'model' object");

        string? type = TokenizerFiles.OptionalString(path, model, "type");
        unsupported = type != "BPE"
            ? $"model type '{type ?? "(none)"}' is not supported (only BPE with a ByteLevel pre-tokenizer)"
            : UnsupportedNormalizer(path, root) ?? UnsupportedModelOption(path, model);
        var patterns = new List<string>();
        bool addPrefixSpace = false;
        if (unsupported is null)
            unsupported = ReadPreTokenizer(path, root, patterns, ref addPrefixSpace);
        if (unsupported is not null)
            return null;

        if (!model.TryGetProperty("vocab", out var vocabElement))
            throw new InvalidInputFileException(path, "model has no 'vocab'");
        if (!model.TryGetProperty("merges", out var mergesElement))
            throw new InvalidInputFileException(path, "model has no 'merges'");
        var vocabulary = VocabularyReader.ReadVocabulary(path, vocabElement);
        var mergeList = VocabularyReader.ReadMerges(path, mergesElement);
        var merges = BpeMergeTable.Create(path, vocabulary, mergeList);

        RegexPreTokenizer preTokenizer;
        try
        {
            preTokenizer = new RegexPreTokenizer(patterns);
        }
        catch (ArgumentException e)
        {
            unsupported = $"pre-tokenizer regex is not one .NET can run: {e.Message}";
            return null;
        }

        string? unkToken = TokenizerFiles.OptionalString(path, model, "unk_token");
        var options = new ByteLevelBpeOptions(preTokenizer, addPrefixSpace,
            IgnoreMerges: TokenizerFiles.OptionalBool(path, model, "ignore_merges") ?? false,
            UnknownId: unkToken is not null && vocabulary.TryGetValue(unkToken, out int unk) ? unk : null);

        var declared = ReadAddedTokens(path, root);
        var (bos, eos) = PostProcessorSpecials(path, root);
        var (added, ids) = SpecialTokenResolver.Resolve(vocabulary, declared, config,
            new SpecialTokenResolver.Defaults(bos, eos, AddsBos: bos is not null, AddsEos: eos is not null));
        return new ByteLevelBpeModel(vocabulary, mergeList, merges, options, added, ids);
    }

    static string? UnsupportedNormalizer(string path, JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
            return null;
        string? type = normalizer.ValueKind == JsonValueKind.Object ? TokenizerFiles.OptionalString(path, normalizer, "type") : null;
        if (type == "NFC")
            return null;
        if (type == "Sequence" && normalizer.TryGetProperty("normalizers", out var list)
            && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() == 0)
            return null;
        return $"normalizer '{type ?? normalizer.ValueKind.ToString()}' is not supported";
    }

    static string? UnsupportedModelOption(string path, JsonElement model)
    {
        foreach (var name in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (!string.IsNullOrEmpty(TokenizerFiles.OptionalString(path, model, name)))
                return $"BPE option '{name}' is not supported";
        return null;
    }

    /// <summary>ByteLevel alone, or a Sequence of regex Splits and one ByteLevel.</summary>
    static string? ReadPreTokenizer(string path, JsonElement root, List<string> patterns, ref bool addPrefixSpace)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
            return "no pre_tokenizer (only BPE with a ByteLevel pre-tokenizer is supported)";
        var stages = new List<JsonElement>();
        if (TokenizerFiles.OptionalString(path, pre, "type") == "Sequence")
        {
            if (!pre.TryGetProperty("pretokenizers", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new InvalidInputFileException(path, "pre_tokenizer Sequence has no 'pretokenizers' array");
            stages.AddRange(list.EnumerateArray());
        }
        else
        {
            stages.Add(pre);
        }

        bool byteLevel = false;
        foreach (var stage in stages)
        {
            string? type = stage.ValueKind == JsonValueKind.Object ? TokenizerFiles.OptionalString(path, stage, "type") : null;
            if (type == "ByteLevel" && !byteLevel)
            {
                byteLevel = true;
                addPrefixSpace = TokenizerFiles.OptionalBool(path, stage, "add_prefix_space") ?? false;
                if (TokenizerFiles.OptionalBool(path, stage, "use_regex") ?? true)
                    patterns.Add(RegexPreTokenizer.Gpt2Pattern);
            }
            else if (type == "Split")
            {
                string? regex = stage.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.Object
                    ? TokenizerFiles.OptionalString(path, pattern, "Regex") : null;
                if (regex is null || TokenizerFiles.OptionalString(path, stage, "behavior") != "Isolated"
                    || (TokenizerFiles.OptionalBool(path, stage, "invert") ?? false))
                    return "pre-tokenizer Split is supported only with a Regex pattern, behavior Isolated and no invert";
                patterns.Add(regex);
            }
            else
            {
                return $"pre-tokenizer '{type}' is not supported (only ByteLevel, after optional regex Splits)";
            }
        }
        return byteLevel ? null : "no ByteLevel pre-tokenizer (only byte-level BPE is supported from tokenizer.json)";
    }

    static List<AddedToken> ReadAddedTokens(string path, JsonElement root)
    {
        var result = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var list) || list.ValueKind == JsonValueKind.Null)
            return result;
        if (list.ValueKind != JsonValueKind.Array)
            throw new InvalidInputFileException(path, "'added_tokens' should be an array");
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("id", out var id))
                throw new InvalidInputFileException(path, "an entry of 'added_tokens' has no 'id'");
            result.Add(TokenizerConfig.ReadAddedToken(path, entry, TokenizerFiles.TokenId(path, id, "added token")));
        }
        return result;
    }

    /// <summary>The special tokens a TemplateProcessing post-processor puts before and after a single text.</summary>
    static (string? Bos, string? Eos) PostProcessorSpecials(string path, JsonElement root)
    {
        if (!root.TryGetProperty("post_processor", out var post) || post.ValueKind != JsonValueKind.Object)
            return (null, null);
        var processors = TokenizerFiles.OptionalString(path, post, "type") == "Sequence"
            && post.TryGetProperty("processors", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [post];
        foreach (var processor in processors)
        {
            if (processor.ValueKind != JsonValueKind.Object || TokenizerFiles.OptionalString(path, processor, "type") != "TemplateProcessing"
                || !processor.TryGetProperty("single", out var single) || single.ValueKind != JsonValueKind.Array)
                continue;
            var items = single.EnumerateArray().ToList();
            return (items.Count > 0 ? SpecialTokenOf(items[0]) : null, items.Count > 1 ? SpecialTokenOf(items[^1]) : null);
        }
        return (null, null);

        string? SpecialTokenOf(JsonElement item) =>
            item.ValueKind == JsonValueKind.Object && item.TryGetProperty("SpecialToken", out var special)
            && special.ValueKind == JsonValueKind.Object
                ? TokenizerFiles.OptionalString(path, special, "id")
                : null;
    }
}
