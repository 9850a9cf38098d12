using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Models.Tests.Harvest;

/// <summary>
/// A small role-annotated corpus in all three formats, written to a temp folder: chats (one with
/// labels, one long enough for several windows, one system prompt), stories with personas and
/// labels, and a plain text file.
/// </summary>
public sealed class HarvestCorpus : IDisposable
{
    readonly TempDirectory _dir = new();

    public const string MotiveText = "the vault code";

    public HarvestCorpus(int extraChats = 0)
    {
        var chats = new List<string>
        {
            """{"id": "c0", "messages": [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Hello there"}, {"role": "assistant", "content": "Hi! I will find the vault code.", "labels": {"motive": [[16, 30]], "trigger": [[0, 2]]}}]}""",
            """{"id": "c1", "messages": [{"role": "user", "content": "Tell me a long story about the sea and the ships that sail it, every one of them."}, {"role": "assistant", "content": "Once upon a time the sea was calm, and the ships sailed west; the sailors sang and the gulls cried over the waves all day long."}]}""",
            """{"id": "c2", "messages": [{"role": "user", "content": "ok"}, {"role": "assistant", "content": "Fine."}]}""",
        };
        for (int i = 0; i < extraChats; i++)
            chats.Add($$"""{"id": "x{{i}}", "messages": [{"role": "user", "content": "question {{i}} about things"}, {"role": "assistant", "content": "answer {{i}}, said with care"}]}""");
        Chats = _dir.Write("chats.jsonl", string.Join("\n", chats) + "\n");
        Stories = _dir.Write("stories.jsonl",
            """{"id": "s0", "segments": [{"role": "narration", "text": "The spy leaned in. "}, {"role": "persona", "name": "spy", "text": "I need the vault code tonight.", "labels": {"motive": [[7, 21]]}}, {"role": "narration", "text": " The guard frowned."}]}""" + "\n" +
            """{"id": "s1", "segments": [{"role": "persona", "name": "guard", "text": "Who goes there?"}]}""" + "\n");
        Plain = _dir.Write("notes.txt", "Plain narration with no speaker at all.\nA second line.\n");
    }

    public string Chats { get; }
    public string Stories { get; }
    public string Plain { get; }
    public string[] All => [Chats, Stories, Plain];
    public string Path(string name) => _dir.File(name);

    public void Dispose() => _dir.Dispose();
}
