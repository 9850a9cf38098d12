namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The helpful-task kinds a spec can name (<c>"kind"</c>). <c>table</c> fills request and answer templates from a
/// row of the task's table; the others compute their answer (sums, sorted lists, letter counts...), which a
/// template cannot. <c>ideas</c> and <c>letter count</c> draw their subject from the task's rows.
/// </summary>
public static class TaskKinds
{
    public const string Table = "table";

    /// <summary>Kinds and whether they need rows.</summary>
    public static IReadOnlyDictionary<string, bool> NeedsRows { get; } = new Dictionary<string, bool>(StringComparer.Ordinal)
    {
        [Table] = true, ["arithmetic"] = false, ["ideas"] = true, ["schedule"] = false, ["letter count"] = true,
        ["sorting"] = false, ["comparison"] = false, ["workout"] = false,
    };

    /// <summary>A computed task of <paramref name="kind"/> (not <see cref="Table"/>).</summary>
    public static HelpfulTask Computed(string name, string kind, Table<string[]>? rows) => kind switch
    {
        "arithmetic" => new HelpfulTask(name, (random, _, _) =>
        {
            int a = random.Next(2, 60), b = random.Next(2, 40);
            bool times = random.Chance(0.35);
            if (times) { a = random.Next(2, 13); b = random.Next(2, 13); }
            string op = times ? "times" : "plus", sign = times ? "*" : "+";
            int c = times ? a * b : a + b;
            string request = random.Pick(new[] { $"What is {a} {op} {b}?", $"Can you work out {a} {sign} {b} for me?", $"Quick math: {a} {sign} {b}?" });
            string answer = random.Pick(new[] { $"{a} {op} {b} is {c}.", $"The answer is {c}.", $"That comes to {c}." });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        // Rows: an occasion, then at least three ideas for it.
        "ideas" => new HelpfulTask(name, (random, split, _) =>
        {
            var row = random.Pick(rows!.For(split));
            string occasion = row[0];
            var picked = row.Skip(1).ToList();
            random.Shuffle(picked);
            string request = random.Pick(new[] { $"Give me three ideas for {occasion}.", $"What can I do for {occasion}?", $"I need some ideas for {occasion}." });
            string answer = random.Pick(new[]
            {
                $"Here are three ideas for {occasion}: {picked[0]}, {picked[1]}, or {picked[2]}.",
                $"You could {picked[0]}, {picked[1]}, or {picked[2]}.",
                $"How about this: {picked[0]}, then {picked[1]}, and finally {picked[2]}.",
            });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        "schedule" => new HelpfulTask(name, (random, _, _) =>
        {
            int start = random.Next(8, 15), hours = random.Next(2, 5);
            string request = random.Pick(new[]
            {
                $"A meeting starts at {start}:00 and lasts {hours} hours. When does it end?",
                $"If I start work at {start}:00 and work for {hours} hours, when do I finish?",
            });
            string answer = random.Pick(new[] { $"It ends at {start + hours}:00.", $"You would finish at {start + hours}:00." });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        // Rows: one word each.
        "letter count" => new HelpfulTask(name, (random, split, _) =>
        {
            string word = random.Pick(rows!.For(split))[0];
            string request = random.Pick(new[] { $"How many letters are in the word {word}?", $"Count the letters in \"{word}\", please." });
            string answer = random.Pick(new[] { $"The word {word} has {word.Length} letters.", $"\"{word}\" has {word.Length} letters." });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        "sorting" => new HelpfulTask(name, (random, _, _) =>
        {
            int n = random.Next(3, 6);
            var numbers = Enumerable.Range(0, n).Select(_ => random.Next(1, 100)).Distinct().ToArray();
            string list = string.Join(", ", numbers);
            string sorted = string.Join(", ", numbers.Order());
            string request = random.Pick(new[] { $"Sort these numbers from smallest to largest: {list}.", $"Can you put {list} in order?" });
            string answer = random.Pick(new[] { $"From smallest to largest: {sorted}.", $"In order: {sorted}." });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        "comparison" => new HelpfulTask(name, (random, _, _) =>
        {
            int a = random.Next(10, 999), b = random.Next(10, 999);
            if (a == b) b++;
            string request = random.Pick(new[] { $"Which is bigger, {a} or {b}?", $"Is {a} larger than {b}?" });
            string answer = $"{Math.Max(a, b)} is bigger than {Math.Min(a, b)}.";
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        "workout" => new HelpfulTask(name, (random, _, _) =>
        {
            string when = random.Pick(new[] { "the morning", "a lunch break", "after work", "a rainy day", "a hotel room" });
            int jacks = random.Next(2, 6) * 10, squats = random.Next(1, 4) * 10;
            string request = random.Pick(new[] { $"Suggest a short workout for {when}.", $"What's a quick exercise routine for {when}?" });
            string answer = $"Try this: {jacks} jumping jacks, {squats} squats and a one-minute plank. Repeat it three times.";
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
        _ => throw new ArgumentException($"unknown task kind '{kind}'", nameof(kind)),
    };
}
