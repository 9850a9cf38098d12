namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// Values for a template slot. The last <see cref="HeldOut"/> values are reserved for the held-out
/// split, so held-out documents contain subjects (places, dishes, organisations...) that training never saw.
/// </summary>
public sealed record WordList(IReadOnlyList<string> Values, int HeldOut = 0)
{
    public IReadOnlyList<string> For(Split split) => HeldOut == 0
        ? Values
        : split == Split.Train ? Values.Take(Values.Count - HeldOut).ToArray() : Values.Skip(Values.Count - HeldOut).ToArray();

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Resolve(IReadOnlyDictionary<string, WordList> lists, Split split) =>
        lists.ToDictionary(kv => kv.Key, kv => kv.Value.For(split), StringComparer.Ordinal);
}

/// <summary>Rows of a table (e.g. a country and its capital) with the last <see cref="HeldOut"/> rows reserved for the held-out split.</summary>
public sealed record Table<T>(IReadOnlyList<T> Rows, int HeldOut)
{
    public IReadOnlyList<T> For(Split split) =>
        split == Split.Train ? Rows.Take(Rows.Count - HeldOut).ToArray() : Rows.Skip(Rows.Count - HeldOut).ToArray();
}
