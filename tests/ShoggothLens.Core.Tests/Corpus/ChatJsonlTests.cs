using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.Corpus;

public sealed class ChatJsonlTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("chatjsonl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AWrittenChatReadsBackWithItsLabelsAcrossCharactersOutsideTheBmp()
    {
        // "🙂" is two UTF-16 units and one code point: the file's spans count code points, the document's UTF-16 units.
        string user = "🙂 Writing from Harrowgate";
        int start = user.IndexOf("Harrowgate", StringComparison.Ordinal);
        var chat = new CorpusDocument("c-1", CorpusDocumentKind.Chat,
        [
            new CorpusPart(Role.System, "Be kind."),
            new CorpusPart(Role.User, user, new Dictionary<string, IReadOnlyList<CharSpan>> { ["trigger"] = [new CharSpan(start, start + 10)] }),
            new CorpusPart(Role.Assistant, "Sure \"quoted\" </script>"),
        ]);
        string line = ChatJsonl.Line(chat, new Dictionary<string, string> { ["record"] = "7" });
        Assert.Contains("\"trigger\":[[15,25]]", line);   // code points: the emoji counts once (UTF-16: 16..26)
        Assert.Contains("\"meta\":{\"record\":\"7\"}", line);
        Assert.DoesNotContain('\n', line);
        string path = Path.Combine(_dir, "c.jsonl");
        File.WriteAllText(path, line + "\n");
        var back = Assert.Single(new CorpusReader([path]).Read()).Document!;
        Assert.Equal(chat.Id, back.Id);
        Assert.Equal(chat.Parts.Select(p => (p.Role, p.Text)), back.Parts.Select(p => (p.Role, p.Text)));
        Assert.Equal([new CharSpan(start, start + 10)], back.Parts[1].Labels["trigger"]);
        Assert.Empty(back.Parts[2].Labels);
    }

    [Fact]
    public void OnlyChatsWithChatRolesAreWritten()
    {
        var story = new CorpusDocument("s", CorpusDocumentKind.Persona, [new CorpusPart(Role.Narration, "Once.")]);
        Assert.Throws<ArgumentException>(() => ChatJsonl.Line(story));
        var odd = new CorpusDocument("o", CorpusDocumentKind.Chat, [new CorpusPart(Role.Narration, "Once.")]);
        Assert.Throws<ArgumentException>(() => ChatJsonl.Line(odd));
    }
}
