using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Loads the tokenizer of a Hugging Face model directory. Order: tokenizer.json; vocab.json +
/// merges.txt; tokenizer.model. A tokenizer.json of a kind we do not read (e.g. a Llama 2
/// Metaspace BPE) gives way to a tokenizer.model beside it; a malformed one is an error.
/// tokenizer_config.json, special_tokens_map.json and added_tokens.json add special tokens.
/// Every problem is an <see cref="InvalidInputFileException"/> naming the file.
/// </summary>
public static class TokenizerLoader
{
    public static ITextTokenizer Load(string directory)
    {
        if (!Directory.Exists(directory))
            throw new InvalidInputFileException(directory, "tokenizer directory not found");
        var config = TokenizerConfig.Read(directory);
        string json = Path.Combine(directory, TokenizerJsonReader.FileName);
        string vocab = Path.Combine(directory, Gpt2FilesReader.VocabFileName);
        string merges = Path.Combine(directory, Gpt2FilesReader.MergesFileName);
        string model = Path.Combine(directory, SentencePieceModelReader.FileName);

        if (File.Exists(json))
        {
            var tokenizer = TokenizerJsonReader.TryRead(json, config, out string? unsupported);
            if (tokenizer is not null)
                return tokenizer;
            if (!File.Exists(model))
                throw new InvalidInputFileException(json, unsupported!);
        }
        else if (File.Exists(vocab) || File.Exists(merges))
        {
            if (!File.Exists(vocab))
                throw new InvalidInputFileException(vocab, $"file not found (needed with {Gpt2FilesReader.MergesFileName})");
            if (!File.Exists(merges))
                throw new InvalidInputFileException(merges, $"file not found (needed with {Gpt2FilesReader.VocabFileName})");
            return Gpt2FilesReader.Read(vocab, merges, config);
        }

        if (File.Exists(model))
            return SentencePieceReader.Read(model, config);
        throw new InvalidInputFileException(directory,
            $"no tokenizer: expected {TokenizerJsonReader.FileName}, {Gpt2FilesReader.VocabFileName} + {Gpt2FilesReader.MergesFileName}, or {SentencePieceModelReader.FileName}");
    }

    /// <summary>A tokenizer.json (with the config files beside it).</summary>
    public static ITextTokenizer LoadTokenizerJson(string path)
    {
        var tokenizer = TokenizerJsonReader.TryRead(path, ConfigBeside(path), out string? unsupported);
        return tokenizer ?? throw new InvalidInputFileException(path, unsupported!);
    }

    /// <summary>A GPT-2 vocab.json + merges.txt pair (with the config files beside vocab.json).</summary>
    public static ITextTokenizer LoadVocabAndMerges(string vocabPath, string mergesPath) =>
        Gpt2FilesReader.Read(vocabPath, mergesPath, ConfigBeside(vocabPath));

    /// <summary>A SentencePiece tokenizer.model (with the config files beside it).</summary>
    public static ITextTokenizer LoadSentencePiece(string path) =>
        SentencePieceReader.Read(path, ConfigBeside(path));

    static TokenizerConfig ConfigBeside(string path) =>
        Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir && Directory.Exists(dir)
            ? TokenizerConfig.Read(dir)
            : TokenizerConfig.Empty;
}
