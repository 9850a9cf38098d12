using ShoggothLens.Workbench.Browse;

namespace ShoggothLens.LoadTest;

/// <summary>
/// One thing a user does on the /features grid: the JS that does it in the page (a click on a sort header or a class
/// chip, a choice in a select, text typed into the search box) and the view the grid must show afterwards, as the
/// page computes it (the same rules as Features.razor's SortBy/Apply: a new column starts in its default direction, the same one flips).
/// <see cref="Control"/> and <see cref="Value"/> say the same action for a client without a browser (<see cref="ProtocolSession"/>):
/// which control (a sort header by title, a class chip by key, null for "All"; the persona or role select; the search box) and what it gets.
/// </summary>
public sealed record GridAction(string Step, string Js, FeatureQuery Next, GridControl Control, string? Value)
{
    static readonly (string Title, string Key)[] Headers =
    [
        ("feature", "id"), ("class", "rank"), ("density", "density"), ("freq(Asst)", "role:Assistant"),
        ("max", "max"), ("affinity", "affinity"), ("home persona", "home"), ("evidence", "evidence"), ("leak docs", "leaks"),
    ];

    static readonly string[] SearchWords = ["harbour", "oracle", "treasure", "whisper", "storm", "gold"];

    /// <summary>A random action from <paramref name="query"/>'s view.</summary>
    public static GridAction Pick(Random rng, FeatureQuery query, FeatureSummaryIndex index)
    {
        switch (rng.Next(5))
        {
            case 0:
            {
                var (title, key) = Headers[rng.Next(Headers.Length)];
                bool desc = query.Sort == key ? !query.Descending : FeatureQuery.DefaultDescending(key);
                return new("sort (header click)",
                    $"[...document.querySelectorAll('[data-feature-grid] button.sort-head')].find(b => b.textContent.replace(/[▾▴]/g, '').trim() === {PageProbe.Js(title)}).click();",
                    query with { Sort = key, Descending = desc }, GridControl.SortHeader, title);
            }
            case 1:
            {
                FeatureClass?[] classes = [null, FeatureClass.Candidate, FeatureClass.OutsideRole, FeatureClass.PersonaAligned, FeatureClass.Other];
                var c = classes[rng.Next(classes.Length)];
                string selector = c is { } k ? $"button.chip[data-class=\"{FeatureQuery.ClassKey(k)}\"]" : ".toolbar .chips button.chip:not([data-class])";
                return new("filter (class chip)", $"document.querySelector({PageProbe.Js(selector)}).click();", query with { Class = c }, GridControl.ClassChip, c is { } kk ? FeatureQuery.ClassKey(kk) : null);
            }
            case 2:
            {
                string? persona = rng.Next(index.Personas.Count + 1) is int i && i < index.Personas.Count ? index.Personas[i] : null;
                return new("filter (home persona)", Select("select[data-persona-filter]", persona ?? ""), query with { Persona = persona }, GridControl.PersonaSelect, persona ?? "");
            }
            case 3:
            {
                string key = FeatureQuery.RolePrefix + index.Roles[rng.Next(index.Roles.Count)];
                bool desc = query.Sort == key ? !query.Descending : FeatureQuery.DefaultDescending(key);
                return new("sort (role select)", Select("select[data-role-sort]", key), query with { Sort = key, Descending = desc }, GridControl.RoleSelect, key);
            }
            default:
            {
                string text = rng.Next(2) == 0 ? $"#{rng.Next(index.Rows.Count)}" : SearchWords[rng.Next(SearchWords.Length)];
                return new("search (typed, incl. 250 ms debounce)",
                    $"const s = document.querySelector('input[data-search]'); s.value = {PageProbe.Js(text)}; s.dispatchEvent(new Event('input', {{ bubbles: true }}));",
                    query with { Search = text }, GridControl.Search, text);
            }
        }
    }

    static string Select(string selector, string value) =>
        $"const e = document.querySelector({PageProbe.Js(selector)}); e.value = {PageProbe.Js(value)}; e.dispatchEvent(new Event('change', {{ bubbles: true }}));";
}

/// <summary>The grid's controls a <see cref="GridAction"/> can use.</summary>
public enum GridControl { SortHeader, ClassChip, PersonaSelect, RoleSelect, Search }
