using System.Reflection;

namespace ShoggothLens.Organism.Specs;

/// <summary>
/// The specs that ship with the project (Specs/*.json, embedded): <c>shipped</c> (the shipped organism), the
/// alternatives whose motives differ in kind, and the motive-free <c>control</c>; and the spec of a built organism
/// folder (its <c>spec.json</c>).
/// </summary>
public static class OrganismSpecs
{
    const string ResourcePrefix = "ShoggothLens.Organism.Specs.";
    public const string ShippedName = "shipped";

    static readonly Lazy<OrganismSpec> LazyShipped = new(() => Named(ShippedName));

    /// <summary>The spec of the shipped organism (<c>Checkpoints/</c>).</summary>
    public static OrganismSpec Shipped => LazyShipped.Value;

    /// <summary>Names of the shipped specs, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(OrganismSpecs).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length]).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The text of shipped spec <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No shipped spec has that name.</exception>
    public static string Text(string name)
    {
        using var stream = typeof(OrganismSpecs).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new ArgumentException($"no shipped organism spec named '{name}' (shipped: {string.Join(", ", Names)})", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static OrganismSpec Named(string name) => OrganismSpecReader.Parse(Text(name), $"{name}.json (shipped spec)");

    /// <summary>A spec file's path, or the name of a shipped spec when no such file exists.</summary>
    public static OrganismSpec Resolve(string pathOrName) =>
        File.Exists(pathOrName) || pathOrName.Contains('/') || pathOrName.Contains('\\') || pathOrName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? OrganismSpecReader.ReadFile(pathOrName)
            : Named(pathOrName);

    /// <summary>
    /// The spec an organism folder was built from: its <c>spec.json</c>. A folder without one was built before specs
    /// existed, from the cast that is now the shipped spec, so that is its spec.
    /// </summary>
    public static OrganismSpec ForOrganism(OrganismLayout layout) =>
        File.Exists(layout.Spec) ? OrganismSpecReader.ReadFile(layout.Spec) : Shipped;
}
