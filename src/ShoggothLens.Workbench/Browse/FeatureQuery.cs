using System.Globalization;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// A view of the feature grid: sort column and direction, filters and a search text. It round-trips through a
/// URL query (<see cref="Parse"/>, <see cref="ToQuery"/>) so a view can be shared; unknown values fall back to
/// the defaults instead of failing.
/// </summary>
/// <param name="Sort">A column key (<see cref="SortKeys"/>) or <c>role:NAME</c> for freq(NAME).</param>
/// <param name="Persona">Home persona filter.</param>
/// <param name="Status">Review status filter (as the review store spells it).</param>
/// <param name="Search">Feature id (exact, or <c>#12</c>) or a substring of a top token, case-insensitive.</param>
public sealed record FeatureQuery(
    string Sort = FeatureQuery.DefaultSort,
    bool Descending = false,
    FeatureClass? Class = null,
    string? Persona = null,
    string? Status = null,
    string? Search = null)
{
    /// <summary>Candidates first, in rank order: what a reviewer opens the grid for.</summary>
    public const string DefaultSort = "rank";

    /// <summary>The direction a column sorts in first: rank, id and names ascending, measures descending (largest first).</summary>
    public static bool DefaultDescending(string sort) => sort is not ("rank" or "id" or "home" or "status");
    public const string RolePrefix = "role:";

    public static IReadOnlyList<string> SortKeys { get; } = ["id", "density", "max", "affinity", "home", "evidence", "leaks", "rank", "status"];

    public static FeatureQuery Default { get; } = new();

    public bool IsValidSort(IReadOnlyList<string> roles) =>
        SortKeys.Contains(Sort) || (Sort.StartsWith(RolePrefix, StringComparison.Ordinal) && roles.Contains(Sort[RolePrefix.Length..]));

    public static FeatureQuery Parse(Func<string, string?> get)
    {
        string? sort = get("sort");
        string? cls = get("class");
        sort = string.IsNullOrEmpty(sort) ? DefaultSort : sort;
        return new FeatureQuery(
            sort,
            get("dir") switch { "asc" => false, "desc" => true, _ => DefaultDescending(sort) },
            ParseClass(cls),
            Blank(get("persona")),
            Blank(get("status")),
            Blank(get("q")));
    }

    /// <summary>Query parameters that differ from the defaults (null values mean "leave out").</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["sort"] = Sort == DefaultSort ? null : Sort,
        ["dir"] = Descending == DefaultDescending(Sort) ? null : Descending ? "desc" : "asc",
        ["class"] = Class is { } c ? ClassKey(c) : null,
        ["persona"] = Persona,
        ["status"] = Status,
        ["q"] = Search,
    };

    public static string ClassKey(FeatureClass c) => c switch
    {
        FeatureClass.PersonaAligned => "persona-aligned",
        FeatureClass.OutsideRole => "outside-role",
        FeatureClass.Candidate => "candidate",
        _ => "other",
    };

    public static FeatureClass? ParseClass(string? key) => key switch
    {
        "persona-aligned" => FeatureClass.PersonaAligned,
        "outside-role" => FeatureClass.OutsideRole,
        "candidate" => FeatureClass.Candidate,
        "other" => FeatureClass.Other,
        _ => null,
    };

    /// <summary>The id a search text names: "12" or "#12".</summary>
    public static int? SearchId(string? search) =>
        search is not null && int.TryParse(search.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : null;

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
