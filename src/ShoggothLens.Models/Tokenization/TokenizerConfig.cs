using System.Text.Json;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// What a model directory's tokenizer_config.json, special_tokens_map.json and added_tokens.json
/// say (all optional): the BOS/EOS/UNK token strings, whether BOS/EOS are added, extra added
/// tokens and the Jinja chat template. Later files only fill what earlier ones left unset.
/// </summary>
public sealed record TokenizerConfig
{
    public const string ConfigFileName = "tokenizer_config.json";
    public const string SpecialTokensMapFileName = "special_tokens_map.json";
    public const string AddedTokensFileName = "added_tokens.json";

    public string? BosToken { get; init; }
    public string? EosToken { get; init; }
    public string? UnkToken { get; init; }
    public bool? AddBosToken { get; init; }
    public bool? AddEosToken { get; init; }
    public bool? AddPrefixSpace { get; init; }
    public string? ChatTemplate { get; init; }

    /// <summary>Added tokens with known ids (added_tokens_decoder, added_tokens.json).</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; init; } = [];

    /// <summary>Special token strings whose ids come from the vocabulary (special_tokens_map.json, additional_special_tokens).</summary>
    public IReadOnlyList<string> SpecialTokenStrings { get; init; } = [];

    public static TokenizerConfig Empty { get; } = new();

    public static TokenizerConfig Read(string directory)
    {
        var config = Empty;
        var specials = new List<string>();
        var added = new List<AddedToken>();

        string configPath = Path.Combine(directory, ConfigFileName);
        if (File.Exists(configPath))
        {
            using var doc = TokenizerFiles.ReadJson(configPath, TokenizerFiles.MaxConfigBytes);
            var root = RequireObject(configPath, doc.RootElement);
            config = config with
            {
                BosToken = TokenString(configPath, root, "bos_token"),
                EosToken = TokenString(configPath, root, "eos_token"),
                UnkToken = TokenString(configPath, root, "unk_token"),
                AddBosToken = TokenizerFiles.OptionalBool(configPath, root, "add_bos_token"),
                AddEosToken = TokenizerFiles.OptionalBool(configPath, root, "add_eos_token"),
                AddPrefixSpace = TokenizerFiles.OptionalBool(configPath, root, "add_prefix_space"),
                ChatTemplate = ReadChatTemplate(configPath, root),
            };
            if (root.TryGetProperty("added_tokens_decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in decoder.EnumerateObject())
                {
                    if (!int.TryParse(entry.Name, out int id) || id < 0 || id > TokenizerFiles.MaxTokenId)
                        throw new InvalidInputFileException(configPath, $"added_tokens_decoder: '{entry.Name}' is not a token id");
                    added.Add(ReadAddedToken(configPath, entry.Value, id));
                }
            }
            specials.AddRange(AdditionalSpecialTokens(configPath, root));
        }

        string mapPath = Path.Combine(directory, SpecialTokensMapFileName);
        if (File.Exists(mapPath))
        {
            using var doc = TokenizerFiles.ReadJson(mapPath, TokenizerFiles.MaxConfigBytes);
            var root = RequireObject(mapPath, doc.RootElement);
            config = config with
            {
                BosToken = config.BosToken ?? TokenString(mapPath, root, "bos_token"),
                EosToken = config.EosToken ?? TokenString(mapPath, root, "eos_token"),
                UnkToken = config.UnkToken ?? TokenString(mapPath, root, "unk_token"),
            };
            foreach (var name in new[] { "bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token" })
                if (TokenString(mapPath, root, name) is { } token)
                    specials.Add(token);
            specials.AddRange(AdditionalSpecialTokens(mapPath, root));
        }

        string addedPath = Path.Combine(directory, AddedTokensFileName);
        if (File.Exists(addedPath))
        {
            using var doc = TokenizerFiles.ReadJson(addedPath, TokenizerFiles.MaxConfigBytes);
            foreach (var entry in RequireObject(addedPath, doc.RootElement).EnumerateObject())
                added.Add(new AddedToken(entry.Name, TokenizerFiles.TokenId(addedPath, entry.Value, $"'{entry.Name}'"), Special: false));
        }

        foreach (var token in new[] { config.BosToken, config.EosToken, config.UnkToken })
            if (token is not null)
                specials.Add(token);
        return config with { AddedTokens = added, SpecialTokenStrings = specials.Distinct().ToArray() };
    }

    /// <summary>An added token as tokenizer.json's added_tokens and added_tokens_decoder write it.</summary>
    public static AddedToken ReadAddedToken(string path, JsonElement entry, int id)
    {
        RequireObject(path, entry);
        string content = TokenizerFiles.OptionalString(path, entry, "content")
            ?? throw new InvalidInputFileException(path, $"added token {id} has no 'content'");
        if (content.Length == 0)
            throw new InvalidInputFileException(path, $"added token {id} has empty content");
        return new AddedToken(content, id,
            Special: TokenizerFiles.OptionalBool(path, entry, "special") ?? false,
            LStrip: TokenizerFiles.OptionalBool(path, entry, "lstrip") ?? false,
            RStrip: TokenizerFiles.OptionalBool(path, entry, "rstrip") ?? false,
            SingleWord: TokenizerFiles.OptionalBool(path, entry, "single_word") ?? false);
    }

    static JsonElement RequireObject(string path, JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new InvalidInputFileException(path, $"expected a JSON object, found {element.ValueKind}");

    // A special token is written as "<s>" or as {"content": "<s>", ...}.
    static string? TokenString(string path, JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            return null;
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object => TokenizerFiles.OptionalString(path, value, "content"),
            _ => throw new InvalidInputFileException(path, $"'{name}' should be a string or an object with 'content'"),
        };
    }

    static IEnumerable<string> AdditionalSpecialTokens(string path, JsonElement root)
    {
        if (!root.TryGetProperty("additional_special_tokens", out var list) || list.ValueKind != JsonValueKind.Array)
            yield break;
        foreach (var item in list.EnumerateArray())
        {
            string? token = item.ValueKind switch
            {
                JsonValueKind.String => item.GetString(),
                JsonValueKind.Object => TokenizerFiles.OptionalString(path, item, "content"),
                _ => null,
            };
            if (!string.IsNullOrEmpty(token))
                yield return token;
        }
    }

    // chat_template is a string, or a list of {name, template} where "default" is the chat one.
    static string? ReadChatTemplate(string path, JsonElement root)
    {
        if (!root.TryGetProperty("chat_template", out var value))
            return null;
        if (value.ValueKind == JsonValueKind.String)
            return value.GetString();
        if (value.ValueKind != JsonValueKind.Array)
            return null;
        var named = value.EnumerateArray()
            .Where(e => e.ValueKind == JsonValueKind.Object)
            .Select(e => (Name: TokenizerFiles.OptionalString(path, e, "name"), Template: TokenizerFiles.OptionalString(path, e, "template")))
            .Where(e => e.Template is not null)
            .ToList();
        return named.FirstOrDefault(e => e.Name == "default").Template ?? named.FirstOrDefault().Template;
    }
}
