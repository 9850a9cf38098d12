using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Tokenization;

public class RegexPreTokenizerTests
{
    // The Split pattern of Llama 3's tokenizer.json (Qwen2's differs only in \p{N} instead of \p{N}{1,3}).
    const string Llama3Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    static string[] Split(RegexPreTokenizer pre, string text)
    {
        var pieces = new List<(int Start, int End)>();
        pre.Split(text, 0, text.Length, pieces);
        return pieces.Select(p => text[p.Start..p.End]).ToArray();
    }

    [Fact]
    public void Gpt2PatternKeepsOneSpaceWithTheNextWord()
    {
        Assert.Equal(["Hello", " ", " world", "'s", " 42", "!!", "\n"], Split(RegexPreTokenizer.Gpt2, "Hello  world's 42!!\n"));
    }

    [Fact]
    public void Llama3PatternRunsInDotNet()
    {
        var pre = new RegexPreTokenizer([Llama3Pattern]);
        Assert.Equal(["Hello", " ", " world", "123", "4", "\n\n", "I", "'M"], Split(pre, "Hello  world1234\n\nI'M"));
    }

    [Fact]
    public void LaterStagesSplitEachEarlierPieceAndGapsArePiecesToo()
    {
        var pre = new RegexPreTokenizer([@"\d+", "b"]);
        Assert.Equal(["a", "b", "c", "12", "a", "b"], Split(pre, "abc12ab"));
    }
}
