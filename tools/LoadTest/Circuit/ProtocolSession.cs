using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.LoadTest.Circuit;

/// <summary>
/// One user without a browser: the same rounds as the browser <see cref="Session"/> (a cold load of /features, four
/// grid interactions, a feature from the grid, next/next/prev, a neighbour link, back to the grid; /compare, /personas,
/// /review through the main navigation; a cold load of a feature page; legs rotated per session), driven through a
/// <see cref="CircuitClient"/>. A cold load is a GET of the prerendered page (its first content is timed when the
/// whole HTML has arrived and shows the expected content) followed by a new circuit (interactive when the circuit's
/// own render shows it). An interaction is timed from the event or navigation sent until the render batches have
/// made the page show the expected content: the first grid row the server's own index says the view must show, the
/// feature id in the page heading. A wrong page is an error, not a fast one.
/// </summary>
public sealed partial class ProtocolSession(int id, InProcessServer server, Timings? timings, LoadOptions options) : ILoadSession, IAsyncDisposable
{
    readonly Random _rng = new(HashCode.Combine(options.Seed, id) & int.MaxValue);
    CircuitClient? _client;
    FeatureSummaryIndex Index => server.Catalog.Index;
    TimeSpan Timeout => options.StepTimeout;

    public int Rounds { get; private set; }

    /// <summary>Render batches and their bytes over every circuit this session opened.</summary>
    public long Batches { get; private set; }
    public long BatchBytes { get; private set; }

    public async Task RunAsync(Stopwatch clock, TimeSpan deadline, int maxRounds)
    {
        while (Rounds < maxRounds && clock.Elapsed < deadline)
        {
            Rounds++;
            string step = "start";
            try
            {
                await RoundAsync(clock, deadline, s => step = s);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever ends a step (content that never came, a refused circuit, a closed socket, a cancelled
                // start) is that step's failure in the report; the session goes on with a cold load.
                string where = _client is { } c ? $" (at {c.Location}; the page shows {c.Read(Pages.Describe)})" : "";
                timings?.Fail(step, e.Message.Split('\n', 2)[0].Trim() + where, id);
                // LOADTEST_DUMP=DIR keeps the page each failed step saw, as the client's copy of it.
                if (_client is not null && Environment.GetEnvironmentVariable("LOADTEST_DUMP") is { Length: > 0 } dump)
                    File.WriteAllText(Path.Combine(dump, $"session{id}-round{Rounds}-{Guid.NewGuid():N}.html"), $"<!-- {step}: {e.Message} -->\n" + _client.Read(t => t.Dump()));
                await CloseAsync();   // the next round starts from a cold load
            }
        }
        await CloseAsync();
    }

    async Task RoundAsync(Stopwatch clock, TimeSpan deadline, Action<string> at)
    {
        async Task<bool> Go(string step)
        {
            at(step);
            // A user reads the page before the next step.
            if (options.Think > TimeSpan.Zero && clock.Elapsed < deadline) await Task.Delay(Jitter(options.Think));
            return clock.Elapsed < deadline;
        }
        Func<Func<string, Task<bool>>, Task>[] legs = [GridLegAsync, ComparePageAsync, PersonasPageAsync, ReviewPageAsync, ColdFeatureAsync];
        for (int k = 0; k < legs.Length; k++)
        {
            int leg = (id + k + legs.Length) % legs.Length;
            if (leg is >= 1 and <= 3 && _client is null) await ColdFeatureAsync(Go);
            await legs[leg](Go);
        }
    }

    async Task GridLegAsync(Func<string, Task<bool>> Go)
    {
        if (!await Go(Steps.GridCold)) return;
        var query = FeatureQuery.Default;
        int expected = Expected(query);
        await ColdLoadAsync(server.Url("features"), Steps.GridFirstRows, Steps.GridInteractive,
            html => HtmlFirstRow(html) == expected, t => Pages.FirstRow(t) == expected);

        for (int k = 0; k < 4; k++)
        {
            GridAction? action = null;
            for (int attempt = 0; attempt < 10 && action is null; attempt++)
            {
                var a = GridAction.Pick(_rng, query, Index);
                if (server.Expect.First(a.Next) >= 0) action = a;
            }
            if (action is null || !await Go(action.Step)) return;
            int before = Client.Read(Pages.FirstRow);
            int shows = Expected(action.Next);
            long navigations = Client.Read(_ => Client.ServerNavigations);
            double ms = await Client.ActAsync(t => Pages.Control(t, action.Control, action.Value),
                target => action.Control switch
                {
                    GridControl.SortHeader or GridControl.ClassChip => Client.ClickAsync(target),
                    GridControl.Search => Client.ChangeAsync(target, action.Value!, "input"),
                    _ => Client.ChangeAsync(target, action.Value!),
                },
                // The control puts the new view in the URL (NavigateTo): the step ends when the right row shows and that navigation came.
                t => Pages.FirstRow(t) == shows && Client.NavigatedSince(navigations), Timeout);
            // Same first row before and after: only the navigation's round trip was waited for, so the time says nothing.
            if (before != shows) Record(action.Step, ms, true);
            query = action.Next;
        }

        if (!await Go(Steps.FromGrid)) return;
        var rows = server.Expect.View(query);
        int feature = rows[_rng.Next(Math.Min(8, rows.Length))];
        Record(Steps.FromGrid, await Client.ActAsync(t => Pages.GridLink(t, feature), Client.FollowAsync, t => Pages.FeatureShown(t, feature), Timeout), true);

        foreach (bool next in new[] { true, true, false })
        {
            var (previous, following) = server.Expect.Neighbours(feature, query);
            if ((next ? following : previous) is not int target) continue;
            if (!await Go(Steps.NextPrev)) return;
            Record(Steps.NextPrev, await Client.ActAsync(t => Pages.Pager(t, next ? "data-key-next" : "data-key-prev"), Client.FollowAsync,
                t => Pages.FeatureShown(t, target), Timeout), true);
            feature = target;
        }

        if (!await Go(Steps.Neighbour)) return;
        if (Client.Read(Pages.NeighbourLink) is { } link && Client.Read(_ => link.Attr("href")) is { } href && FeatureInHref().Match(href) is { Success: true } m)
        {
            int neighbour = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Record(Steps.Neighbour, await Client.ActAsync(_ => link, Client.FollowAsync, t => Pages.FeatureShown(t, neighbour), Timeout), true);
        }

        if (!await Go(Steps.GridButton)) return;
        int back = Expected(query);
        Record(Steps.GridButton, await Client.ActAsync(Pages.GridButton, Client.FollowAsync, t => Pages.FirstRow(t) == back, Timeout), true);
    }

    async Task ComparePageAsync(Func<string, Task<bool>> Go)
    {
        if (!await Go(Steps.Compare)) return;
        Record(Steps.Compare, await Client.ActAsync(t => Pages.MainNav(t, "compare"), Client.FollowAsync, Pages.CompareShown, Timeout), true);
    }

    async Task PersonasPageAsync(Func<string, Task<bool>> Go)
    {
        if (!await Go(Steps.Personas)) return;
        Record(Steps.Personas, await Client.ActAsync(t => Pages.MainNav(t, "personas"), Client.FollowAsync, Pages.PersonasShown, Timeout), true);
    }

    async Task ReviewPageAsync(Func<string, Task<bool>> Go)
    {
        if (!await Go(Steps.Review)) return;
        Record(Steps.Review, await Client.ActAsync(t => Pages.MainNav(t, "review"), Client.FollowAsync, Pages.ReviewShown, Timeout), true);
    }

    async Task ColdFeatureAsync(Func<string, Task<bool>> Go)
    {
        if (!await Go(Steps.FeatureCold)) return;
        int cold = _rng.Next(Index.Rows.Count);
        await ColdLoadAsync(server.Url($"features/{cold}"), Steps.FeatureContent, Steps.FeatureInteractive,
            html => HtmlFeature(html) == cold, t => Pages.FeatureShown(t, cold));
    }

    /// <summary>A new document: the GET (timed until the whole HTML arrived), then a new circuit (timed from the GET until its render shows the content).</summary>
    async Task ColdLoadAsync(string url, string contentStep, string interactiveStep, Func<string, bool> htmlShows, Func<RenderedTree, bool> circuitShows)
    {
        await CloseAsync();
        var clock = Stopwatch.StartNew();
        _client = new CircuitClient(new Uri(server.BaseUrl));
        var (html, ms) = await _client.LoadAsync(url, CancellationToken.None);
        if (!htmlShows(html)) throw new InvalidOperationException($"the prerendered page at {url} does not show the expected content");
        Record(contentStep, ms, false);
        using var cts = new CancellationTokenSource(Timeout);
        await _client.StartAsync(html, cts.Token);
        await _client.UntilAsync(circuitShows, Timeout);
        Record(interactiveStep, clock.Elapsed.TotalMilliseconds, false);
    }

    CircuitClient Client => _client ?? throw new InvalidOperationException("no circuit open");

    async Task CloseAsync()
    {
        if (_client is null) return;
        Batches += _client.Batches;
        BatchBytes += _client.BatchBytes;
        await _client.DisposeAsync();
        _client = null;
    }

    /// <summary>The pause ±50 %, so that sessions do not fall into step with each other.</summary>
    TimeSpan Jitter(TimeSpan think) => think * (0.5 + _rng.NextDouble());

    int Expected(FeatureQuery query) => server.Expect.First(query);

    void Record(string step, double ms, bool interaction) => timings?.Add(step, ms, interaction, id);

    static int HtmlFirstRow(string html)
    {
        int grid = html.IndexOf("data-feature-grid", StringComparison.Ordinal);
        return grid >= 0 && HtmlRow().Match(html, grid) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    static int HtmlFeature(string html) =>
        HtmlHeading().Match(html) is { Success: true } m && html.Contains("data-scores", StringComparison.Ordinal) | html.Contains("class=\"state", StringComparison.Ordinal)
            ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;

    public ValueTask DisposeAsync() => new(CloseAsync());

    [GeneratedRegex(@"<a [^>]*data-feature=""(\d+)""")]
    private static partial Regex HtmlRow();

    [GeneratedRegex(@"class=""feature-head"".*?<span class=""mono""[^>]*>#(\d+)</span>", RegexOptions.Singleline)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex(@"features/(\d+)")]
    private static partial Regex FeatureInHref();
}
