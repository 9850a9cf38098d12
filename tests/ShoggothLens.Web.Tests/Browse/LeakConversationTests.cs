using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Web.Components.Conversations;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Browse.Conversations;

namespace ShoggothLens.Web.Tests.Browse;

/// <summary>
/// A real catalog (shoggoth analyze over the planted-motive store through an identity SAE): a leak conversation opens
/// whole from the store the catalog records, with the feature's activation from its SAE; without the store, it says so.
/// </summary>
public sealed class LeakConversationTests : IDisposable
{
    const int DModel = PlantedMotiveStore.DModel;
    readonly string _root = Directory.CreateTempSubdirectory("shoggoth-conversation-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    /// <summary>Store, SAE and catalog under <paramref name="name"/>; returns the catalog folder and the store's.</summary>
    (string Catalog, string Store) Analyze(string name)
    {
        string store = Path.Combine(_root, name, "store"), sae = Path.Combine(_root, name, "sae"), catalog = Path.Combine(_root, name, "catalog");
        PlantedMotiveStore.Write(store, 32);
        var identity = new float[DModel * DModel];
        for (int i = 0; i < DModel; i++) identity[i * DModel + i] = 1;
        SaeLensFormat.Save(sae, new SaeConfig(SaeArchitecture.Standard, DModel, DModel, HookName: PlantedMotiveStore.Hook),
            new SaeParameters(DModel, DModel, identity, new float[DModel], (float[])identity.Clone(), new float[DModel]));
        AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = catalog, BatchSize = 64, CheckpointEveryChunks = 0 });
        return (catalog, store);
    }

    [Fact]
    public async Task A_leak_conversation_opens_whole_with_the_features_activation_at_every_token()
    {
        var (folder, _) = Analyze("run");
        using var library = new CatalogLibrary(new CatalogLibraryOptions([folder], null));
        var catalog = await library.OpenAsync(library.Catalogs[0].Id);
        var leaks = catalog.Read(0)!.Scores.LeakDocuments;
        Assert.Equal([1L, 9, 17, 25], leaks.Select(d => d.Document));   // the triggered chats, from the analysis

        foreach (var leak in leaks)
        {
            var shown = Assert.IsType<ConversationResult.Shown>(catalog.Conversations.Open(0, leak.Document));
            var c = shown.Conversation;
            // The whole document: 20 tokens, 5 of the user's, then the Assistant's; feature 0 fires at 8, 10 and 12.
            Assert.Equal(Enumerable.Range(0, 20), c.Tokens.Select(t => t.Position));
            Assert.Equal(Enumerable.Repeat("User", 5).Concat(Enumerable.Repeat("Assistant", 15)), c.Tokens.Select(t => t.Role));
            Assert.Equal(Enumerable.Range(0, 20).Select(p => p is 8 or 10 or 12 ? 1f : 0f), c.Tokens.Select(t => t.Activation));
            Assert.Equal($"doc-{leak.Document}", c.DocumentId);
            // The same numbers the analysis recorded for this leak.
            Assert.Equal((leak.Firings, leak.Max, leak.FirstPosition), (c.AssistantFirings, c.AssistantMax, c.Tokens[c.FirstAssistantFiring].Position));
        }
        // Feature 2 (the spy's text only) over a story: its activation is the store's residual through the SAE too.
        var story = Assert.IsType<ConversationResult.Shown>(catalog.Conversations.Open(2, 4)).Conversation;
        Assert.Equal(Enumerable.Range(0, 20).Select(p => p >= 5 ? 1f : 0f), story.Tokens.Select(t => t.Activation));
        Assert.Contains("not in the activation store", Assert.IsType<ConversationResult.Unavailable>(catalog.Conversations.Open(0, 999)).Reason);

        using var ctx = WebTestContext.Create(library);
        var cut = ctx.Render<LeakConversationView>(p => p.Add(v => v.Catalog, catalog).Add(v => v.Feature, 0).Add(v => v.Document, 9L));
        cut.WaitForElement("[data-conversation-meta]");
        Assert.Equal(["User", "Assistant"], cut.FindAll("[data-turn-role]").Select(t => t.GetAttribute("data-turn-role")));
        Assert.Equal(20, cut.FindAll(".tok").Count);
        Assert.Equal("8", cut.Find(".tok.q").TextContent);   // the first Assistant firing, outlined
        Assert.Equal("3", cut.Find("[data-conversation-firings]").TextContent);
    }

    [Fact]
    public async Task Without_the_store_the_conversation_says_its_source_is_not_available()
    {
        var (folder, store) = Analyze("moved");
        Directory.Delete(store, recursive: true);
        using var library = new CatalogLibrary(new CatalogLibraryOptions([folder], null));
        var catalog = await library.OpenAsync(library.Catalogs[0].Id);

        var missing = Assert.IsType<ConversationResult.Unavailable>(catalog.Conversations.Open(0, 9));
        Assert.Contains(store, missing.Reason);

        using var ctx = WebTestContext.Create(library);
        var cut = ctx.Render<LeakConversationView>(p => p.Add(v => v.Catalog, catalog).Add(v => v.Feature, 0).Add(v => v.Document, 9L));
        cut.WaitForElement("[data-conversation-unavailable]");
        Assert.Contains("Source not available", cut.Markup);
        Assert.Contains("is not on this machine", cut.Find("[data-conversation-unavailable]").TextContent);
        Assert.Empty(cut.FindAll(".tok"));
    }
}
