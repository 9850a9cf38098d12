using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Harvest;

/// <summary>
/// Long records are tokenized in pieces (<see cref="TextPieces"/>, issue 14: one 16 MB record took 2.5 GB); the pieces'
/// tokens must be the whole text's, ids and roles, for the reference byte-level BPE and SentencePiece tokenizers.
/// </summary>
public sealed class DocumentTokenizerPieceTests
{
    static readonly StoreDocument Source = new(0, "d", 0, 1);

    /// <summary>About <paramref name="chars"/> characters of words, contractions, numbers, punctuation, runs of spaces, tabs, newlines, accents, CJK and emoji.</summary>
    internal static string LongText(int chars, int seed)
    {
        string[] words = ["the", "ship", "don't", "it's", "we'll", "vault", "café", "naïve", "東京", "🤗", "12345", "3.14", "x2",
                          "Hello", "WORLD", ",", ".", "!?", "--", "(quoted)", "'s", "tab\there", "a", "I"];
        string[] gaps = [" ", " ", " ", " ", " ", "  ", "   ", "\n", "\n\n", " \n", "\t", ""];
        var r = new Random(seed);
        var text = new StringBuilder(chars + 64);
        while (text.Length < chars)
            text.Append(words[r.Next(words.Length)]).Append(gaps[r.Next(gaps.Length)]);
        return text.ToString();
    }

    public static TheoryData<string> Tokenizers => new("bytelevel-bpe", "sentencepiece-bpe");

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void A_long_text_tokenized_in_pieces_has_the_whole_texts_tokens(string name)
    {
        var tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer(name));
        string text = LongText(700_000, 3);
        Assert.True(TextPieces.Split(text).Count() >= 8);

        var doc = new DocumentTokenizer(tokenizer, new PlainTemplate())
            .Tokenize(new CorpusDocument("t", CorpusDocumentKind.PlainText, [new CorpusPart(Role.Narration, text)]), Source);

        var whole = tokenizer.Encode(text).Select(t => t.Id).ToArray();
        Assert.Equal(whole.Length, doc.Length);
        Assert.True(whole.AsSpan().SequenceEqual(doc.Ids), FirstDifference(whole, doc.Ids));
        Assert.Equal([Role.Narration], doc.Roles);
    }

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void A_long_chat_in_pieces_has_the_whole_texts_tokens_roles_and_labels(string name)
    {
        var tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer(name));
        string question = LongText(150_000, 4), answer = LongText(400_000, 5);
        int vault = answer.IndexOf("vault", 300_000, StringComparison.Ordinal);   // a part's spans are UTF-16 (the reader converts)
        var labels = new Dictionary<string, IReadOnlyList<CharSpan>> { ["motive"] = [new CharSpan(vault, vault + 5)] };
        var template = ChatTemplateCatalog.ByName("chatml");
        var document = new CorpusDocument("c", CorpusDocumentKind.Chat,
            [new CorpusPart(Role.User, question), new CorpusPart(Role.Assistant, answer, labels)]);

        var doc = new DocumentTokenizer(tokenizer, template).Tokenize(document, Source);

        var rendered = template.Render([new ChatMessage(Role.User, question), new ChatMessage(Role.Assistant, answer)], addGenerationPrompt: false);
        var whole = ChatTokenizer.Tokenize(rendered, tokenizer, RoleTokenization.WholeText);
        Assert.Equal(whole.Count, doc.Length);
        Assert.True(whole.Select(t => t.Id).ToArray().AsSpan().SequenceEqual(doc.Ids), FirstDifference(whole.Select(t => t.Id).ToArray(), doc.Ids));
        Assert.Equal(whole.Select(t => t.Role), Enumerable.Range(0, doc.Length).Select(doc.RoleAt));
        // The label lands on the tokens whose characters overlap "vault", 300,000 characters into the answer.
        Assert.Contains(doc.LabelBits, b => b != 0);
        Assert.Contains("vault", tokenizer.Decode(Enumerable.Range(0, doc.Length).Where(i => doc.LabelBits[i] != 0).Select(i => doc.Ids[i]).ToList()));
    }

    [Fact]
    public void Pieces_cut_anywhere_else_would_change_the_tokens()
    {
        // The seam rule matters: cutting every 1,000 characters (inside words, between spaces) changes the ids.
        var tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer("bytelevel-bpe"));
        string text = LongText(100_000, 6);
        var cut = Enumerable.Range(0, 100).SelectMany(i => tokenizer.EncodeRange(text, i * 1000, Math.Min(text.Length, (i + 1) * 1000)))
            .Concat(text.Length > 100_000 ? tokenizer.EncodeRange(text, 100_000, text.Length) : []).Select(t => t.Id);
        Assert.NotEqual(tokenizer.Encode(text).Select(t => t.Id), cut);
    }

    [Fact]
    public void Pieces_cover_the_text_in_order_and_cut_only_at_seams_while_there_are_any()
    {
        string text = LongText(1_000_000, 7);
        var pieces = TextPieces.Split(text).ToList();
        Assert.Equal(0, pieces[0].Start);
        Assert.Equal(text.Length, pieces[^1].End);
        for (int i = 1; i < pieces.Count; i++)
        {
            Assert.Equal(pieces[i - 1].End, pieces[i].Start);
            Assert.True(TextPieces.IsSeam(text, pieces[i].Start));
        }
        Assert.All(pieces, p => Assert.InRange(p.End - p.Start, 1, TextPieces.PieceChars));
        Assert.Single(TextPieces.Split("short text"));
    }

    [Fact]
    public void Text_without_a_seam_is_cut_at_the_longest_piece_but_never_inside_a_surrogate_pair()
    {
        string letters = string.Concat(Enumerable.Repeat("🤗", TextPieces.MaxPieceChars));   // 2 chars each, no spaces
        var pieces = TextPieces.Split(letters).ToList();
        Assert.True(pieces.Count > 1);
        Assert.All(pieces, p => Assert.InRange(p.End - p.Start, 1, TextPieces.MaxPieceChars));
        Assert.All(pieces, p => Assert.False(char.IsLowSurrogate(letters[p.Start])));
    }

    static string FirstDifference(int[] expected, int[] actual)
    {
        int i = 0;
        while (i < Math.Min(expected.Length, actual.Length) && expected[i] == actual[i]) i++;
        return $"first difference at token {i} of {expected.Length} / {actual.Length}";
    }
}
