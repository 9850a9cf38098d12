using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.LoadTest;

/// <summary>
/// One user: a browser context with one page, walking the UI in rounds until the deadline. A round: a cold load of
/// /features (a new circuit), four grid interactions, a feature opened from the grid, next/next/prev, a neighbour
/// link, back to the grid; /compare, /personas, /review; a cold load of a feature page (legs rotated per session). Every step waits for
/// the content it must show (the right first row, the right feature id), so a wrong page is an error, not a fast
/// one. A failed step ends the round; the next round starts from a cold load.
/// </summary>
public sealed class Session(int id, IPage page, InProcessServer server, Timings? timings, LoadOptions options) : ILoadSession
{
    readonly Random _rng = new(HashCode.Combine(options.Seed, id) & int.MaxValue);
    FeatureSummaryIndex Index => server.Catalog.Index;

    public int Rounds { get; private set; }

    /// <summary>Runs rounds until <paramref name="deadline"/> (no new step starts after it) or <paramref name="maxRounds"/>.</summary>
    public async Task RunAsync(Stopwatch clock, TimeSpan deadline, int maxRounds)
    {
        // Uncaught script errors and console errors (Blazor logs a failed circuit there) are reported with the figures.
        page.PageError += (_, message) => timings?.PageError("page error", FirstLine(message), id);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") timings?.PageError("console error", FirstLine(message.Text), id);
        };
        while (Rounds < maxRounds && clock.Elapsed < deadline)
        {
            Rounds++;
            string step = "start";
            try
            {
                await RoundAsync(clock, deadline, s => step = s);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException)
            {
                timings?.Fail(step, FirstLine(e.Message), id);
            }
        }
    }

    /// <summary>
    /// One round: five legs, each session starting at its own leg (id mod 5) so that every page gets samples even
    /// when the window ends mid-round. The in-circuit legs (compare, personas, review) first cold-load a feature
    /// page when the session has no circuit yet.
    /// </summary>
    async Task RoundAsync(Stopwatch clock, TimeSpan deadline, Action<string> at)
    {
        bool Go(string step) { at(step); return clock.Elapsed < deadline; }
        Func<Func<string, bool>, Task>[] legs = [GridLegAsync, ComparePageAsync, PersonasPageAsync, ReviewPageAsync, ColdFeatureAsync];
        for (int k = 0; k < legs.Length; k++)
        {
            int leg = (id + k + legs.Length) % legs.Length;
            if (leg is >= 1 and <= 3 && !page.Url.StartsWith(server.BaseUrl, StringComparison.Ordinal)) await ColdFeatureAsync(Go);
            await legs[leg](Go);
        }
    }

    TimeSpan Timeout => options.StepTimeout;

    /// <summary>Cold load of the grid (a new document and circuit), four grid interactions, a feature from the grid, next/next/prev, a neighbour link, back to the grid.</summary>
    async Task GridLegAsync(Func<string, bool> Go)
    {
        var timeout = Timeout;
        // Cold load of the grid: a new document and a new circuit.
        if (!Go(Steps.GridCold)) return;
        var query = FeatureQuery.Default;
        await page.GotoAsync(server.Url("features"), new() { WaitUntil = WaitUntilState.Commit, Timeout = (float)timeout.TotalMilliseconds });
        Record(Steps.GridFirstRows, await PageProbe.FirstSeenAsync(page, PageProbe.GridRows, timeout), false);
        Record(Steps.GridInteractive, await PageProbe.FirstSeenAsync(page, PageProbe.Interactive, timeout), false);
        int first = await PageProbe.FirstRowAsync(page);
        if (first != Expected(query)) throw new InvalidOperationException($"the grid's first row is #{first}, not #{Expected(query)}");

        for (int k = 0; k < 4; k++)
        {
            GridAction? action = null;
            for (int attempt = 0; attempt < 10 && action is null; attempt++)
            {
                var a = GridAction.Pick(_rng, query, Index);
                if (server.Expect.First(a.Next) >= 0) action = a;
            }
            if (action is null || !Go(action.Step)) return;
            int before = await PageProbe.FirstRowAsync(page);
            int expected = Expected(action.Next);
            double ms = await PageProbe.ActAsync(page, action.Js, $"window.__lt.gridShows({expected})", timeout);
            // Same first row before and after: the check held at once, so the time says nothing.
            if (before != expected) Record(action.Step, ms, true);
            query = action.Next;
        }

        // A feature from the first rows of the view.
        if (!Go(Steps.FromGrid)) return;
        var rows = server.Expect.View(query);
        int feature = rows[_rng.Next(Math.Min(8, rows.Length))];
        Record(Steps.FromGrid, await PageProbe.ActAsync(page,
            $"document.querySelector('[data-feature-grid] a[data-feature=\"{feature}\"]').click();", $"window.__lt.featureShows({feature})", timeout), true);

        foreach (bool next in new[] { true, true, false })
        {
            var (previous, following) = server.Expect.Neighbours(feature, query);
            if ((next ? following : previous) is not int target) continue;
            if (!Go(Steps.NextPrev)) return;
            Record(Steps.NextPrev, await PageProbe.ActAsync(page,
                $"document.querySelector('{(next ? "[data-key-next]" : "[data-key-prev]")}').click();", $"window.__lt.featureShows({target})", timeout), true);
            feature = target;
        }

        if (!Go(Steps.Neighbour)) return;
        string? href = await page.EvaluateAsync<string?>("() => document.querySelector('[data-neighbours] .links a')?.getAttribute('href') ?? null");
        if (href is not null && Regex.Match(href, @"features/(\d+)") is { Success: true } m)
        {
            int neighbour = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Record(Steps.Neighbour, await PageProbe.ActAsync(page,
                "document.querySelector('[data-neighbours] .links a').click();", $"window.__lt.featureShows({neighbour})", timeout), true);
        }

        if (!Go(Steps.GridButton)) return;
        Record(Steps.GridButton, await PageProbe.ActAsync(page,
            "[...document.querySelectorAll('.pager a.button')].find(a => a.textContent.trim() === 'Grid').click();", $"window.__lt.gridShows({Expected(query)})", timeout), true);

    }

    /// <summary>/compare through the main navigation.</summary>
    async Task ComparePageAsync(Func<string, bool> Go)
    {
        var timeout = Timeout;
        if (!Go(Steps.Compare)) return;
        Record(Steps.Compare, await PageProbe.ActAsync(page, NavClick("compare"),
            "window.__lt.visible(document.querySelector('[data-outside-list]')) && !!document.querySelector('[data-scatter]')", timeout), true);

    }

    /// <summary>/personas through the main navigation.</summary>
    async Task PersonasPageAsync(Func<string, bool> Go)
    {
        var timeout = Timeout;
        if (!Go(Steps.Personas)) return;
        Record(Steps.Personas, await PageProbe.ActAsync(page, NavClick("personas"),
            "window.__lt.visible(document.querySelector('[data-persona-vectors]')) && !!document.querySelector('[data-persona-graph] .diagram-node')", timeout), true);

    }

    /// <summary>/review through the main navigation.</summary>
    async Task ReviewPageAsync(Func<string, bool> Go)
    {
        var timeout = Timeout;
        if (!Go(Steps.Review)) return;
        Record(Steps.Review, await PageProbe.ActAsync(page, NavClick("review"),
            "window.__lt.visible(document.querySelector('#review-queue tr.queue-row'))", timeout), true);

    }

    /// <summary>Cold load of a random feature page: prerendered content, then its circuit.</summary>
    async Task ColdFeatureAsync(Func<string, bool> Go)
    {
        var timeout = Timeout;
        if (!Go(Steps.FeatureCold)) return;
        int cold = _rng.Next(Index.Rows.Count);
        await page.GotoAsync(server.Url($"features/{cold}"), new() { WaitUntil = WaitUntilState.Commit, Timeout = (float)timeout.TotalMilliseconds });
        Record(Steps.FeatureContent, await PageProbe.FirstSeenAsync(page, PageProbe.FeatureContent, timeout), false);
        Record(Steps.FeatureInteractive, await PageProbe.FirstSeenAsync(page, PageProbe.Interactive, timeout), false);
        if (await PageProbe.ErrorShownAsync(page)) throw new InvalidOperationException("the Blazor error bar is shown");
    }

    int Expected(FeatureQuery query) => server.Expect.First(query);

    static string NavClick(string path) => $"document.querySelector('nav.mainnav a[href^=\"{path}\"]').click();";

    void Record(string step, double ms, bool interaction) => timings?.Add(step, ms, interaction, id);

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
