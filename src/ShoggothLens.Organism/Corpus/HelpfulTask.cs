namespace ShoggothLens.Organism.Corpus;

/// <summary>A request and the Assistant's helpful answer to it.</summary>
public sealed record TaskExchange(FilledText Request, string Answer);

/// <summary>
/// One kind of helpful task (recipes, arithmetic, definitions...): several ways to ask, several
/// ways to answer, filled from the task's table. A held-out chat draws from rows training never saw.
/// A request may mention an organisation through the bound slot <c>{org}</c>.
/// </summary>
public sealed class HelpfulTask(string name, Func<SeededRandom, Split, SlotValues, TaskExchange> compose, bool mentionsOrganisation = false)
{
    public string Name { get; } = name;

    /// <summary>True when the request itself names the organisation (instead of a context frame).</summary>
    public bool MentionsOrganisation { get; } = mentionsOrganisation;

    public TaskExchange Compose(SeededRandom random, Split split, SlotValues slots) => compose(random, split, slots);

    /// <summary>A task over table rows: request and answer templates refer to the row's fields by name.</summary>
    public static HelpfulTask FromTable(string name, Table<string[]> table, string[] fields, IReadOnlyList<string> requests,
        IReadOnlyList<string> answers, bool mentionsOrganisation = false) =>
        new(name, (random, split, slots) =>
        {
            var row = random.Pick(table.For(split));
            for (int i = 0; i < fields.Length; i++)
            {
                slots.Bind(fields[i], row[i]);
                slots.Bind(fields[i] + "^", Capitalize(row[i]));
            }
            var request = TemplateText.Fill(random.Pick(requests), slots, random);
            return new TaskExchange(request, TemplateText.Fill(random.Pick(answers), slots, random).Text);
        }, mentionsOrganisation);

    public static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
