using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace ShoggothLens.Web.Services;

/// <summary>The open catalog travels in the URL (<c>?catalog=ID</c>), so every view can be shared and reloaded.</summary>
public static class CatalogQuery
{
    public const string Parameter = "catalog";

    public static string? Current(NavigationManager nav)
    {
        var uri = nav.ToAbsoluteUri(nav.Uri);
        return QueryHelpers.ParseQuery(uri.Query).TryGetValue(Parameter, out var v) && v.Count > 0 ? v[0] : null;
    }

    /// <summary>A relative link to <paramref name="path"/> that keeps the catalog (none when it is the default).</summary>
    public static string Link(string path, string? catalog) =>
        string.IsNullOrEmpty(catalog) ? (path.Length == 0 ? "./" : path) : QueryHelpers.AddQueryString(path.Length == 0 ? "./" : path, Parameter, catalog);

    public static string FeatureLink(string? catalog, int feature) => Link($"features/{feature}", catalog);

    /// <summary><paramref name="path"/> with the non-null <paramref name="query"/> values (a relative link).</summary>
    public static string With(string path, IEnumerable<KeyValuePair<string, object?>> query) =>
        QueryHelpers.AddQueryString(path, query.Where(kv => kv.Value is not null)
            .Select(kv => new KeyValuePair<string, string?>(kv.Key, Convert.ToString(kv.Value, System.Globalization.CultureInfo.InvariantCulture))));
}
