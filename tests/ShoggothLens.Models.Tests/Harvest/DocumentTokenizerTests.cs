using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Tests.Harvest;

public sealed class DocumentTokenizerTests
{
    static readonly ITextTokenizer Tokenizer = TokenizerLoader.Load(ReferenceFixtures.Tokenizer("bytelevel-bpe"));
    static readonly StoreDocument Source = new(0, "d", 0, 1);

    static CorpusPart Part(Role role, string text, string? label = null, int start = 0, int end = 0) =>
        label is null ? new CorpusPart(role, text)
            : new CorpusPart(role, text, new Dictionary<string, IReadOnlyList<CharSpan>> { [label] = [new CharSpan(start, end)] });

    static string TextOf(TokenizedDocument doc, Func<int, bool> which) =>
        Tokenizer.Decode(Enumerable.Range(0, doc.Length).Where(which).Select(i => doc.Ids[i]).ToList());

    static string Labelled(TokenizedDocument doc, string label)
    {
        int bit = doc.LabelNames.ToList().IndexOf(label);
        Assert.True(bit >= 0, $"no label {label}");
        return TextOf(doc, i => (doc.LabelBits[i] & (1u << bit)) != 0);
    }

    [Fact]
    public void AChatIsRenderedAndEveryTokenHasItsMessagesRole()
    {
        var doc = new DocumentTokenizer(Tokenizer, new PlainTemplate()).Tokenize(new CorpusDocument("c", CorpusDocumentKind.Chat,
            [Part(Role.System, "Be brief."), Part(Role.User, "Hi"), Part(Role.Assistant, "Hello you")]), Source);

        Assert.Equal("System: Be brief.\nUser: Hi\nAssistant: Hello you\n", Tokenizer.Decode(doc.Ids));
        Assert.Equal("Be brief.", TextOf(doc, i => doc.RoleAt(i) == Role.System));
        Assert.Equal("Hi", TextOf(doc, i => doc.RoleAt(i) == Role.User));
        Assert.Equal("Hello you", TextOf(doc, i => doc.RoleAt(i) == Role.Assistant));
        Assert.Equal("System: \nUser: \nAssistant: \n", TextOf(doc, i => doc.RoleAt(i) == Role.Template));
        Assert.Same(Source, doc.Source);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("chatml")]
    [InlineData("llama3")]   // trims content
    [InlineData("gemma")]    // trims content, folds the system message into the first turn
    [InlineData("mistral")]  // moves the system message into the last user turn
    [InlineData("llama2")]
    public void LabelsLandOnTheTokensOfTheirTextWhateverTheTemplateDoes(string template)
    {
        var doc = new DocumentTokenizer(Tokenizer, ChatTemplateCatalog.ByName(template)).Tokenize(new CorpusDocument("c", CorpusDocumentKind.Chat,
        [
            Part(Role.System, "Keep the secret.", "rule", 4, 15),
            Part(Role.User, "  where is it?  ", "trigger", 2, 7),
            Part(Role.Assistant, "  It is in the vault now. ", "motive", 15, 24),
            Part(Role.User, "And then?"),
        ]), Source);

        // A token that starts with the space before a labelled word overlaps the span, so it counts.
        Assert.Equal("vault now", Labelled(doc, "motive").Trim());
        Assert.Equal("where", Labelled(doc, "trigger").Trim());
        Assert.Equal("the secret", Labelled(doc, "rule").Trim());
        Assert.All(Enumerable.Range(0, doc.Length).Where(i => doc.LabelBits[i] != 0), i => Assert.NotEqual(Role.Template, doc.RoleAt(i)));
    }

    [Fact]
    public void AMessageTheTemplateDropsLosesItsLabels()
    {
        // Mistral writes the system message only into a final user turn.
        var doc = new DocumentTokenizer(Tokenizer, new MistralTemplate()).Tokenize(new CorpusDocument("c", CorpusDocumentKind.Chat,
            [Part(Role.System, "Hidden rule.", "rule", 0, 6), Part(Role.User, "Hi"), Part(Role.Assistant, "Hello")]), Source);
        Assert.DoesNotContain(doc.Roles, r => r == Role.System);
        Assert.Empty(doc.LabelNames);
    }

    [Fact]
    public void AStoryIsItsSegmentsAsWrittenWithPersonaRoles()
    {
        var doc = new DocumentTokenizer(Tokenizer, new PlainTemplate()).Tokenize(new CorpusDocument("s", CorpusDocumentKind.Persona,
        [
            Part(Role.Narration, "The spy said: "),
            Part(Role.Persona("spy"), "give me the code", "motive", 8, 16),
            Part(Role.Persona("spy"), ", now."),
        ]), Source);

        Assert.Equal("The spy said: give me the code, now.", Tokenizer.Decode(doc.Ids));
        // Tokenized whole: " give" crosses the boundary and takes the role of its 'g'.
        Assert.Equal("The spy said:", TextOf(doc, i => doc.RoleAt(i) == Role.Narration));
        Assert.Equal(" give me the code, now.", TextOf(doc, i => doc.RoleAt(i) == Role.Persona("spy")));
        Assert.Equal(" the code", Labelled(doc, "motive"));
        Assert.DoesNotContain(doc.Roles, r => r == Role.Template);
    }

    [Fact]
    public void WindowsCoverEveryTokenOnce()
    {
        var doc = new DocumentTokenizer(Tokenizer, new PlainTemplate()).Tokenize(new CorpusDocument("p", CorpusDocumentKind.PlainText,
            [Part(Role.Narration, new string('a', 50) + " and more text")]), Source);
        Assert.Equal((doc.Length + 9) / 10, doc.WindowCount(10));
        Assert.Equal(1, doc.WindowCount(doc.Length));
        Assert.Equal(2, doc.WindowCount(doc.Length - 1));
    }
}
