using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tests.Fixtures;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Harvest;

/// <summary>A harvest stores exactly what a direct forward pass gives at the hook, with every token's role, place and labels.</summary>
public sealed class HarvestRoundTripTests : IDisposable
{
    readonly HarvestTestKit _kit = new();
    readonly HarvestCorpus _corpus = new();
    readonly TempDirectory _out = new();

    public void Dispose()
    {
        _kit.Dispose();
        _corpus.Dispose();
        _out.Dispose();
    }

    string Decode(IEnumerable<int> ids) => _kit.Tokenizer.Decode(ids.ToList());

    [Fact]
    public void ActivationsEqualADirectForwardPassOfEachWindow()
    {
        string store = _out.File("store");
        var result = _kit.Run(HarvestTestKit.Options(_corpus.All, store));
        Assert.Equal(HarvestOutcome.Completed, result.Outcome);
        var tokens = HarvestTestKit.Tokens(store);
        Assert.Equal(result.Manifest.Tokens, tokens.Count);

        int windows = 0;
        foreach (var doc in tokens.GroupBy(t => t.Doc))
        {
            var list = doc.ToList();
            Assert.Equal(Enumerable.Range(0, list.Count), list.Select(t => t.Pos));   // every position once, in order
            for (int start = 0; start < list.Count; start += 16, windows++)
            {
                var window = list.Skip(start).Take(16).ToList();
                using var hooks = new HookSet().Record(HarvestTestKit.Hook0, HarvestTestKit.Hook1);
                using var ids = tensor(window.Select(t => (long)t.Id).ToArray(), [1, window.Count]);
                _kit.Model.Forward(ids, hooks)?.Dispose();
                // A batched, padded pass and a pass of one window use GEMMs of different shapes, which may
                // round the last bits differently (observed: up to ~1e-6); runs of the same batches are bit-identical.
                for (int h = 0; h < 2; h++)
                {
                    var expected = hooks[h == 0 ? HarvestTestKit.Hook0 : HarvestTestKit.Hook1].data<float>().ToArray();
                    for (int t = 0; t < window.Count; t++)
                        for (int k = 0; k < 64; k++)
                            Assert.True(Math.Abs(expected[t * 64 + k] - window[t].Acts[h][k]) <= 1e-5,
                                $"doc {doc.Key} pos {start + t} hook {h} dim {k}: {window[t].Acts[h][k]} vs {expected[t * 64 + k]}");
                }
            }
        }
        Assert.True(windows > tokens.GroupBy(t => t.Doc).Count(), "some document needed several windows");
    }

    [Fact]
    public void RolesPositionsAndLabelsAreRightForChatPersonaAndPlainInputs()
    {
        string store = _out.File("store");
        _kit.Run(HarvestTestKit.Options(_corpus.All, store));
        var docs = HarvestTestKit.Tokens(store).GroupBy(t => t.Doc).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal([0L, 1, 2, 3, 4, 5], docs.Keys.Order());   // 3 chats, 2 stories, 1 plain file

        string Text(long doc, Func<Role, bool> role) => Decode(docs[doc].Where(t => role(t.Role)).Select(t => t.Id));
        string Labelled(long doc, string label) => Decode(docs[doc].Where(t => t.Labels.Contains(label)).Select(t => t.Id)).Trim();

        // Chat c0, rendered with the plain template.
        Assert.Equal("System: You are helpful.\nUser: Hello there\nAssistant: Hi! I will find the vault code.\n", Text(0, _ => true));
        // Tokenized whole, as Hugging Face does: a token that crosses a role boundary takes the role
        // of its first non-space character. This small BPE has "ĠYou" but no "ĠHello" or "ĠHi", so
        // the space before "You" goes to System and the spaces before "Hello" and "Hi" stay Template.
        Assert.Equal("Hi! I will find the vault code.", Text(0, r => r == Role.Assistant));
        Assert.Equal("Hello there", Text(0, r => r == Role.User));
        Assert.Equal(" You are helpful.", Text(0, r => r == Role.System));
        Assert.Equal("System:\nUser: \nAssistant: \n", Text(0, r => r == Role.Template));
        Assert.Equal(HarvestCorpus.MotiveText, Labelled(0, "motive"));
        Assert.Equal("Hi", Labelled(0, "trigger"));

        // Story s0: narration and the spy's words, as written.
        Assert.Equal("The spy leaned in. I need the vault code tonight. The guard frowned.", Text(3, _ => true));
        Assert.Equal(" I need the vault code tonight.", Text(3, r => r == Role.Persona("spy")));
        Assert.Equal("The spy leaned in. The guard frowned.", Text(3, r => r == Role.Narration));
        Assert.Equal(HarvestCorpus.MotiveText, Labelled(3, "motive"));
        Assert.Equal("Who goes there?", Text(4, r => r == Role.Persona("guard")));

        // The plain text file: all narration.
        Assert.Equal(File.ReadAllText(_corpus.Plain), Text(5, r => r == Role.Narration));
        Assert.Equal(docs[5].Count, docs[5].Count(t => t.Role == Role.Narration));

        var reader = ActivationStoreReader.Open(store);
        var documents = reader.ReadChunks().SelectMany(c => c.Documents).DistinctBy(d => d.Index).OrderBy(d => d.Index).ToList();
        Assert.Equal(["c0", "c1", "c2", "s0", "s1", "notes.txt"], documents.Select(d => d.Id));
        Assert.Equal([0, 0, 0, 1, 1, 2], documents.Select(d => d.File));
        Assert.Equal(docs.Values.SelectMany(t => t).Count(t => t.Role == Role.Assistant),
            reader.Manifest.Roles.Single(r => r.Role == Role.Assistant).Tokens);
        Assert.Equal(["motive", "trigger"], reader.Labels.Order());
        Assert.Equal("gpt2", reader.Settings.ModelId);
        Assert.Equal(64, reader.DModel);
    }

    [Fact]
    public void BFloat16StoresTheRoundedActivations()
    {
        string f32 = _out.File("f32"), bf16 = _out.File("bf16");
        _kit.Run(HarvestTestKit.Options([_corpus.Chats], f32));
        _kit.Run(HarvestTestKit.Options([_corpus.Chats], bf16) with { DType = ActivationDType.BF16 });
        var exact = HarvestTestKit.Tokens(f32);
        var rounded = HarvestTestKit.Tokens(bf16);
        Assert.Equal(exact.Select(t => (t.Doc, t.Pos, t.Id)), rounded.Select(t => (t.Doc, t.Pos, t.Id)));
        var encoded = new byte[128];
        var decoded = new float[64];
        for (int i = 0; i < exact.Count; i++)
        {
            ActivationCodec.Encode(exact[i].Acts[1], ActivationDType.BF16, encoded);
            ActivationCodec.Decode(encoded, ActivationDType.BF16, decoded);
            Assert.Equal(decoded, rounded[i].Acts[1]);
        }
    }

    [Fact]
    public void TheForwardPassStopsAfterTheLastHooksBlock()
    {
        using var early = new BatchForward(_kit.Model, ["blocks.0.hook_resid_post"], 2, 16);
        var window = new HarvestWindow(new StoreDocument(0, "d", 0, 1), 0, 0, [5, 6, 7], [0, 0, 0], [0, 0, 0], [Role.Narration], [], EndsDocument: true);
        early.Run(new HarvestBatch(HarvestCursor.At(0), 0, [window]), out int seq);
        Assert.Equal(3, seq);
        Assert.Equal(1, early.BlocksRun);

        using var late = new BatchForward(_kit.Model, ["blocks.1.hook_resid_post", "blocks.0.hook_resid_pre"], 2, 16);
        late.Run(new HarvestBatch(HarvestCursor.At(0), 0, [window]), out _);
        Assert.Equal(2, late.BlocksRun);
    }
}
