using System.Text;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Tokenization;

/// <summary>
/// Builds a GPT-2 byte-level BPE from vocab.json + merges.txt, as transformers' GPT2Tokenizer does:
/// <c>&lt;|endoftext|&gt;</c> (when in the vocabulary) is BOS, EOS and a special token, no BOS is
/// added by default, and the optional config files may add tokens or a prefix space.
/// </summary>
public static class Gpt2FilesReader
{
    public const string VocabFileName = "vocab.json";
    public const string MergesFileName = "merges.txt";
    const string EndOfText = "<|endoftext|>";

    public static TextTokenizer Read(string vocabPath, string mergesPath, TokenizerConfig config) =>
        ByteLevelBpeBackend.Create(ReadModel(vocabPath, mergesPath, config));

    /// <summary>The byte-level BPE the two files describe, before an implementation is chosen.</summary>
    public static ByteLevelBpeModel ReadModel(string vocabPath, string mergesPath, TokenizerConfig config)
    {
        Dictionary<string, int> vocabulary;
        using (var doc = TokenizerFiles.ReadJson(vocabPath, TokenizerFiles.MaxVocabOrMergesBytes))
            vocabulary = VocabularyReader.ReadVocabulary(vocabPath, doc.RootElement);

        string mergesText;
        try
        {
            mergesText = new UTF8Encoding(false, throwOnInvalidBytes: true)
                .GetString(TokenizerFiles.ReadBytes(mergesPath, TokenizerFiles.MaxVocabOrMergesBytes));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidInputFileException(mergesPath, "not valid UTF-8 text", e);
        }
        var mergeList = VocabularyReader.ReadMergesText(mergesPath, mergesText);
        var merges = BpeMergeTable.Create(mergesPath, vocabulary, mergeList);

        var declared = vocabulary.TryGetValue(EndOfText, out int endOfText)
            ? new[] { new AddedToken(EndOfText, endOfText, Special: true) }
            : [];
        var (added, ids) = SpecialTokenResolver.Resolve(vocabulary, declared, config,
            new SpecialTokenResolver.Defaults(EndOfText, EndOfText, AddsBos: false, AddsEos: false));
        var options = ByteLevelBpeOptions.Gpt2 with { AddPrefixSpace = config.AddPrefixSpace ?? false };
        return new ByteLevelBpeModel(vocabulary, mergeList, merges, options, added, ids);
    }
}
