namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// Values for template slots: fixed bindings (this scene's speaker, the chosen organisation) over
/// shared word lists. A list draw is fresh each time the slot appears.
/// </summary>
public sealed class SlotValues
{
    readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _lists;
    readonly Dictionary<string, (string Value, string? Label)> _bound = new(StringComparer.Ordinal);

    public SlotValues(IReadOnlyDictionary<string, IReadOnlyList<string>> lists) => _lists = lists;

    public SlotValues Bind(string slot, string value, string? label = null)
    {
        _bound[slot] = (value, label);
        return this;
    }

    public (string Value, string? Label) Draw(string slot, SeededRandom random)
    {
        if (_bound.TryGetValue(slot, out var bound)) return bound;
        if (_lists.TryGetValue(slot, out var list)) return (random.Pick(list), null);
        throw new KeyNotFoundException($"no values for template slot '{{{slot}}}'");
    }
}
