namespace ShoggothLens.LoadTest.Circuit;

/// <summary>
/// What a session looks for on the pages, read from the client's copy of the page (<see cref="RenderedTree"/>); the
/// same marks the browser probe's selectors use (data-* attributes and classes the pages set), nothing from page text
/// but a button's title.
/// </summary>
public static class Pages
{
    static Node? Grid(RenderedTree t) => t.Elements(n => n.Has("data-feature-grid")).FirstOrDefault();

    /// <summary>The feature in the grid's first row; -1 without a grid or rows.</summary>
    public static int FirstRow(RenderedTree t) =>
        Grid(t)?.Elements(n => n.Is("a") && n.Has("data-feature")).FirstOrDefault() is { } a && int.TryParse(a.Attr("data-feature"), out int id) ? id : -1;

    public static Node? GridLink(RenderedTree t, int feature) =>
        Grid(t)?.Elements(n => n.Is("a") && n.Attr("data-feature") == feature.ToString(System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>The feature page of <paramref name="feature"/>: its id in the heading and its scores (or a designed state) shown.</summary>
    public static bool FeatureShown(RenderedTree t, int feature)
    {
        var head = t.Elements(n => n.HasClass("feature-head")).FirstOrDefault();
        var id = head?.Elements(n => n.Is("span") && n.HasClass("mono")).FirstOrDefault();
        return id is not null && id.TextContent().Trim() == "#" + feature.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && t.Elements(n => n.Has("data-scores") || n.HasClass("state")).Any();
    }

    public static Node? Control(RenderedTree t, GridControl control, string? value) => control switch
    {
        GridControl.SortHeader => Grid(t)?.Elements(n => n.Is("button") && n.HasClass("sort-head")
            && n.TextContent().Replace("▾", "").Replace("▴", "").Trim() == value).FirstOrDefault(),
        GridControl.ClassChip => t.Elements(n => n.Is("button") && n.HasClass("chip") && n.Attr("data-class") == value
            && (value is not null || n.Parent?.HasClass("chips") == true)).FirstOrDefault(),
        GridControl.PersonaSelect => t.Elements(n => n.Is("select") && n.Has("data-persona-filter")).FirstOrDefault(),
        GridControl.RoleSelect => t.Elements(n => n.Is("select") && n.Has("data-role-sort")).FirstOrDefault(),
        _ => t.Elements(n => n.Is("input") && n.Has("data-search")).FirstOrDefault(),
    };

    public static Node? Pager(RenderedTree t, string mark) => t.Elements(n => n.Is("a") && n.Has(mark) && !n.HasClass("disabled")).FirstOrDefault();

    public static Node? GridButton(RenderedTree t) =>
        t.Elements(n => n.HasClass("pager")).FirstOrDefault()?.Elements(n => n.Is("a") && n.HasClass("button") && n.TextContent().Trim() == "Grid").FirstOrDefault();

    public static Node? NeighbourLink(RenderedTree t) =>
        t.Elements(n => n.Has("data-neighbours")).FirstOrDefault()?.Elements(n => n.HasClass("links")).FirstOrDefault()?.Elements(n => n.Is("a")).FirstOrDefault();

    public static Node? MainNav(RenderedTree t, string path) =>
        t.Elements(n => n.Is("nav") && n.HasClass("mainnav")).FirstOrDefault()?.Elements(n => n.Is("a") && (n.Attr("href") ?? "").StartsWith(path, StringComparison.Ordinal)).FirstOrDefault();

    public static bool CompareShown(RenderedTree t) => t.Elements(n => n.Has("data-outside-list")).Any() && t.Elements(n => n.Has("data-scatter")).Any();

    public static bool PersonasShown(RenderedTree t) =>
        t.Elements(n => n.Has("data-persona-vectors")).Any() && t.Elements(n => n.Has("data-persona-graph")).FirstOrDefault()?.Elements(n => n.HasClass("diagram-node")).Any() == true;

    public static bool ReviewShown(RenderedTree t) =>
        t.Elements(n => n.Attr("id") == "review-queue").FirstOrDefault()?.Elements(n => n.Is("tr") && n.HasClass("queue-row")).Any() == true;

    /// <summary>A short account of what the page shows, for error messages: its h1, the feature id in it, the grid's first row.</summary>
    public static string Describe(RenderedTree t)
    {
        string h1 = t.Elements(n => n.Is("h1")).FirstOrDefault()?.TextContent().Trim() ?? "no h1";
        int row = FirstRow(t);
        return row >= 0 ? $"'{h1}', first row #{row}" : $"'{h1}'";
    }
}
