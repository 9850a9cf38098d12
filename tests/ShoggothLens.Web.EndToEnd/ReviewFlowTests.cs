using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ShoggothLens.TestKit.WebCatalogs;

namespace ShoggothLens.Web.EndToEnd;

/// <summary>
/// The user journeys of issue 12, the same against each review database: search, open, follow a neighbour, flag,
/// reload; two reviewers and a conflict; a Viewer refused by the server; hostile corpus text shown literally;
/// /inspect shading a typed chat; screenshots of every page.
/// </summary>
public abstract class ReviewFlowTests(ServerFixture server)
{
    protected ServerFixture Server { get; } = server;

    static async Task ReadyAsync(IPage page, string selector = ".review-editor[data-ready=yes]") =>
        await page.Locator(selector).First.WaitForAsync(new() { Timeout = 30_000 });

    static async Task ReloadAsync(IPage page) => await page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });

    protected async Task SearchOpenFollowNeighbourFlagReload()
    {
        var page = await Server.SignInAsync("ada");
        await page.GotoAsync(Server.Url("features"), new() { WaitUntil = WaitUntilState.NetworkIdle });
        var search = page.Locator("input[data-search]");
        var target = page.Locator("a[data-feature='31']");
        var other = page.Locator("a[data-feature='7']");
        // Typed into the live page; retried in case the first keystrokes beat the circuit.
        for (int attempt = 0; attempt < 3; attempt++)
        {
            await search.FillAsync("");
            await search.PressSequentiallyAsync("31");
            try
            {
                await Assertions.Expect(other).ToHaveCountAsync(0, new() { Timeout = 5_000 });
                break;
            }
            catch (PlaywrightException) { }
        }
        await Assertions.Expect(other).ToHaveCountAsync(0);
        // "No feature 7" also holds while the filtered list re-renders (empty for a moment), so the target may come later
        // than Playwright's 5 s default on a loaded machine (one fresh-clone CI run, 2026-12-04).
        await Assertions.Expect(target).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.Contains("q=31", page.Url);   // the URL holds the query
        await target.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/features/31(\?|$)"));
        await ReadyAsync(page);

        var neighbour = page.Locator("[data-neighbours] .links a").First;
        string href = (await neighbour.GetAttributeAsync("href"))!;
        int next = int.Parse(Regex.Match(href, @"features/(\d+)").Groups[1].Value);
        await neighbour.ClickAsync();
        await page.WaitForURLAsync(new Regex($@"/features/{next}(\?|$)"));
        await page.Locator($".review-editor[data-feature='{next}'][data-ready=yes]").WaitForAsync();

        await page.SelectOptionAsync(".review-status", "Confirmed");
        await page.SelectOptionAsync(".review-severity", "High");
        await page.ClickAsync(".review-save");
        await Assertions.Expect(page.Locator(".review-message.ok")).ToContainTextAsync("Saved (version 1)");

        await ReloadAsync(page);
        await ReadyAsync(page);
        Assert.Equal("Confirmed", await page.Locator(".review-status").InputValueAsync());
        Assert.Equal("High", await page.Locator(".review-severity").InputValueAsync());
        await Assertions.Expect(page.Locator(".history-list")).ToContainTextAsync("ada");
        await Assertions.Expect(page.Locator(".history-list")).ToContainTextAsync("confirmed");

        // The queue shows the verdict too.
        await page.GotoAsync(Server.Url("review"), new() { WaitUntil = WaitUntilState.NetworkIdle });
        if (await page.Locator($"tr.queue-row[data-feature='{next}']").CountAsync() > 0)
            await Assertions.Expect(page.Locator($"tr.queue-row[data-feature='{next}'] .status-badge")).ToHaveTextAsync("confirmed");
        await page.Context.CloseAsync();
    }

    protected async Task SecondReviewerGetsTheConflict()
    {
        var ada = await Server.SignInAsync("ada");
        var bob = await Server.SignInAsync("bob");
        foreach (var p in new[] { ada, bob })
        {
            await p.GotoAsync(Server.Url("features/41"), new() { WaitUntil = WaitUntilState.NetworkIdle });
            await ReadyAsync(p);
        }
        await ada.SelectOptionAsync(".review-status", "Dismissed");
        await ada.ClickAsync(".review-save");
        await Assertions.Expect(ada.Locator(".review-message.ok")).ToContainTextAsync("Saved");

        await bob.FillAsync(".review-assignee", "bob");
        await bob.Locator(".review-assignee").DispatchEventAsync("change");
        await bob.SelectOptionAsync(".review-status", "NeedsCausalCheck");
        await bob.ClickAsync(".review-save");
        var conflict = bob.Locator(".review-conflict");
        await Assertions.Expect(conflict).ToBeVisibleAsync();
        await Assertions.Expect(conflict).ToContainTextAsync("ada");
        await Assertions.Expect(conflict).ToContainTextAsync("status");
        await Assertions.Expect(conflict).ToContainTextAsync("dismissed");

        // Bob has seen Ada's change and saves his own over it: both stay in the history.
        await bob.ClickAsync(".review-save-over");
        await Assertions.Expect(bob.Locator(".review-message.ok")).ToContainTextAsync("Saved (version 2)");
        await ReloadAsync(ada);
        await ReadyAsync(ada);
        Assert.Equal("NeedsCausalCheck", await ada.Locator(".review-status").InputValueAsync());
        await Assertions.Expect(ada.Locator(".history-list")).ToContainTextAsync("bob");
        await Assertions.Expect(ada.Locator(".history-list")).ToContainTextAsync("ada");
        await ada.Context.CloseAsync();
        await bob.Context.CloseAsync();
    }

    protected async Task ViewerCannotChangeAReview()
    {
        var vic = await Server.SignInAsync("vic");
        await vic.GotoAsync(Server.Url("features/51"), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await ReadyAsync(vic);
        await Assertions.Expect(vic.Locator(".review-readonly")).ToBeVisibleAsync();
        Assert.True(await vic.Locator(".review-save").IsDisabledAsync());

        // Take the disabled attributes away, as a hostile client could: the server still refuses.
        await vic.EvaluateAsync("() => document.querySelectorAll('.review-editor [disabled]').forEach(e => e.removeAttribute('disabled'))");
        await vic.SelectOptionAsync(".review-status", "Confirmed");
        await vic.ClickAsync(".review-save");
        await Assertions.Expect(vic.Locator(".review-message.error")).ToContainTextAsync("Reviewer role");

        await ReloadAsync(vic);
        await ReadyAsync(vic);
        Assert.Equal("Open", await vic.Locator(".review-status").InputValueAsync());
        await Assertions.Expect(vic.Locator(".review-history")).ToContainTextAsync("No changes yet");
        await vic.Context.CloseAsync();
    }

    protected async Task HostileCorpusTextStaysInert()
    {
        int hostile = Enumerable.Range(1, Server.CatalogOptions.Features - 1).First(f => SyntheticCatalog.IsHostile(f, Server.CatalogOptions));
        var page = await Server.SignInAsync("ada");
        int dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        foreach (string path in new[] { $"features/{hostile}", "features", "compare", "personas" })
        {
            await page.GotoAsync(Server.Url(path), new() { WaitUntil = WaitUntilState.NetworkIdle });
            await page.WaitForTimeoutAsync(300);
        }
        await page.GotoAsync(Server.Url($"features/{hostile}"), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await ReadyAsync(page);
        string text = await page.Locator("main").InnerTextAsync();
        Assert.Contains(SyntheticCatalog.HostileTokens.First(t => t.StartsWith("<script>", StringComparison.Ordinal)), text);
        Assert.Equal(0, await page.Locator("main script").CountAsync());
        Assert.Equal(0, await page.Locator("main img[src='x']").CountAsync());
        Assert.Equal(0, await page.Locator("main a[href^='javascript:']").CountAsync());

        // The same through a review's notes and through /inspect's typed text.
        await page.FillAsync(".review-notes", "<img src=x onerror=alert(1)> <script>alert(2)</script>");
        await page.Locator(".review-notes").DispatchEventAsync("change");
        await page.ClickAsync(".review-save");
        await Assertions.Expect(page.Locator(".review-message.ok")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".history-list")).ToContainTextAsync("<img src=x onerror=alert(1)>");
        Assert.Equal(0, await page.Locator("main img[src='x']").CountAsync());
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }

    protected async Task InspectShadesTheTokensOfATypedChat()
    {
        var page = await Server.SignInAsync("ada");
        int dialogs = 0;
        page.Dialog += (_, d) => { dialogs++; _ = d.DismissAsync(); };
        await page.GotoAsync(Server.Url("inspect"), new() { WaitUntil = WaitUntilState.NetworkIdle });
        await ReadyAsync(page, "#run-inspect[data-ready=yes]");
        var first = page.Locator(".turn-text").First;
        await first.FillAsync("Tell me about the harbour <img src=x onerror=alert(1)>");
        await page.ClickAsync("#run-inspect");
        var tokens = page.Locator("#inspect-tokens .tok");
        await tokens.First.WaitForAsync(new() { Timeout = 60_000 });
        int count = await tokens.CountAsync();
        Assert.True(count > 10, $"{count} tokens shown");
        var activations = await tokens.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.activation)");
        Assert.Contains(activations, a => float.Parse(a, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var styles = await tokens.EvaluateAllAsync<string[]>("els => els.map(e => e.getAttribute('style'))");
        Assert.Contains(styles, s => s.StartsWith("--a:", StringComparison.Ordinal) && s != "--a:0");
        Assert.Contains("<img", await page.Locator("#inspect-tokens").InnerTextAsync());
        await Assertions.Expect(page.Locator("#inspect-table")).ToContainTextAsync("User");
        await Assertions.Expect(page.Locator("#inspect-table")).ToContainTextAsync("Assistant");
        await Assertions.Expect(page.Locator("#inspect-table thead")).ToContainTextAsync(SyntheticCatalog.DefaultPersonas[0]);

        // Over the token limit: a clear refusal, and the server answers the next request.
        await first.FillAsync(string.Concat(Enumerable.Repeat("harbour captain island ", 400)));
        await page.ClickAsync("#run-inspect");
        await Assertions.Expect(page.Locator(".inspect-refusal")).ToContainTextAsync("at most");
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The real catalog's label-free verdict on /, then its first candidate's page: the discovered trigger (token 100, said
    /// in all 20 of its conversations and none of the 60 others) and the corpus's labels apart, marked as ground truth.
    /// </summary>
    protected async Task TheVerdictLeadsToTheCandidatesTriggers()
    {
        var page = await Server.SignInAsync("vic");
        await page.GotoAsync($"./?catalog={ServerFixture.PlantedCatalogId}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var verdict = page.Locator("[data-verdict=suspected] [data-verdict-text]");
        await Assertions.Expect(verdict).ToContainTextAsync("hidden motive suspected: feature 0 (home persona spy) fires in Assistant replies when users mention \"100\"", new() { Timeout = 30_000 });
        await page.Locator("[data-report-candidate] a").First.ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/features/0\?"));
        var trigger = page.Locator("[data-candidate-section=Candidate] [data-triggers] tr[data-trigger='100']");
        await Assertions.Expect(trigger).ToContainTextAsync("20/20", new() { Timeout = 30_000 });
        await Assertions.Expect(trigger).ToContainTextAsync("0/60");
        await Assertions.Expect(page.Locator("[data-candidate-rank]")).ToHaveAttributeAsync("data-candidate-rank", "1");
        await Assertions.Expect(page.Locator("[data-ground-truth] [data-shared-labels]")).ToContainTextAsync("trigger");
        // A Viewer reads the causal check panel but cannot run it.
        await Assertions.Expect(page.Locator("[data-causal-panel]")).ToHaveAttributeAsync("data-state", "denied");
        await page.Context.CloseAsync();
    }

    /// <summary>The real catalog's planted feature 0 leaks into the triggered chats: one opens whole, shaded by its activation.</summary>
    protected async Task ALeakConversationOpensWhole()
    {
        var page = await Server.SignInAsync("vic");
        await page.GotoAsync($"features/0?catalog={ServerFixture.PlantedCatalogId}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        var open = page.Locator("[data-open-conversation='9']");
        await open.WaitForAsync(new() { Timeout = 30_000 });
        var conversation = page.Locator("[data-conversation='9']");
        for (int attempt = 0; attempt < 3 && await conversation.CountAsync() == 0; attempt++)   // a click may beat the circuit
        {
            await open.ClickAsync();
            try { await conversation.WaitForAsync(new() { Timeout = 5_000 }); } catch (TimeoutException) { }
        }
        await Assertions.Expect(conversation.Locator("[data-conversation-firings]")).ToHaveTextAsync("3", new() { Timeout = 30_000 });
        Assert.Equal(20, await conversation.Locator(".tok").CountAsync());   // the whole document, not a window
        Assert.Equal(["User", "Assistant"], await conversation.Locator("[data-turn-role]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.turnRole)"));
        await Assertions.Expect(conversation.Locator(".tok.q")).ToHaveTextAsync("8");
        var shaded = await conversation.Locator(".tok").EvaluateAllAsync<string[]>("els => els.filter(e => e.getAttribute('style') !== '--a:0').map(e => e.textContent)");
        Assert.Equal(["8", "10", "12"], shaded);
        await page.Context.CloseAsync();
    }
}

/// <summary>One SQLite server for the flows and the screenshots (a server start and a model load fewer).</summary>
[CollectionDefinition(Name)]
public sealed class SqliteServerCollection : ICollectionFixture<SqliteServer>
{
    public const string Name = "sqlite server";
}

[Collection(SqliteServerCollection.Name)]
public sealed class SqliteReviewFlowTests(SqliteServer server) : ReviewFlowTests(server)
{
    [BrowserFact] public Task Search_open_follow_a_neighbour_flag_it_reload_and_see_the_flag() => SearchOpenFollowNeighbourFlagReload();
    [BrowserFact] public Task A_second_reviewer_saving_the_same_feature_gets_the_conflict() => SecondReviewerGetsTheConflict();
    [BrowserFact] public Task A_viewer_cannot_change_a_review() => ViewerCannotChangeAReview();
    [BrowserFact] public Task Hostile_corpus_text_stays_inert() => HostileCorpusTextStaysInert();
    [BrowserFact] public Task Inspect_shades_the_tokens_of_a_typed_chat() => InspectShadesTheTokensOfATypedChat();
    [BrowserFact] public Task A_leak_conversation_opens_whole_with_the_features_activation() => ALeakConversationOpensWhole();
    [BrowserFact] public Task The_verdict_leads_to_the_first_candidates_triggers() => TheVerdictLeadsToTheCandidatesTriggers();
}

public sealed class PostgresReviewFlowTests(PostgresServer server) : ReviewFlowTests(server), IClassFixture<PostgresServer>
{
    [PostgresBrowserFact] public Task Search_open_follow_a_neighbour_flag_it_reload_and_see_the_flag() => SearchOpenFollowNeighbourFlagReload();
    [PostgresBrowserFact] public Task A_second_reviewer_saving_the_same_feature_gets_the_conflict() => SecondReviewerGetsTheConflict();
    [PostgresBrowserFact] public Task A_viewer_cannot_change_a_review() => ViewerCannotChangeAReview();
    [PostgresBrowserFact] public Task Hostile_corpus_text_stays_inert() => HostileCorpusTextStaysInert();
    [PostgresBrowserFact] public Task Inspect_shades_the_tokens_of_a_typed_chat() => InspectShadesTheTokensOfATypedChat();
    [PostgresBrowserFact] public Task A_leak_conversation_opens_whole_with_the_features_activation() => ALeakConversationOpensWhole();
}
