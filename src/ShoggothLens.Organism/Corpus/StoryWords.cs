namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// Slot values and narration templates of the pre-training stories. None contains a character's
/// signature phrase, so a line's voice comes from its template alone.
/// </summary>
public static class StoryWords
{
    public static IReadOnlyDictionary<string, WordList> Slots { get; } = new Dictionary<string, WordList>(StringComparer.Ordinal)
    {
        // Towns: the last four appear only in held-out stories.
        ["place"] = new(["Kelder", "Ashford", "Millbrook", "Dunmore", "Fennwick", "Oldcastle", "Brackenridge", "Thornbury",
            "Wexley", "Greyhollow", "Larkspur", "Emberton", "Hollin", "Marrowby", "Cobble End", "Rookhaven",
            "Whitlow", "Pellham", "Quarry Hill", "Amberly"], HeldOut: 4),
        ["inn"] = new(["the Lantern Inn", "the Crooked Kettle", "the Blue Heron", "the Tired Horse", "the Copper Pot",
            "the Three Bells", "the Old Anchor Inn", "the Golden Goose"], HeldOut: 2),
        ["landmark"] = new(["the market square", "the old bridge", "the town well", "the chapel steps", "the river path",
            "the mill pond", "the north road", "the clock tower"], HeldOut: 2),
        ["time"] = new(["dawn", "dusk", "midnight", "noon", "first light", "the evening bell"]),
        ["weather"] = new(["fog", "hail", "wind", "mist", "thunder", "sleet"]),
        ["seaplace"] = new(["the Grey Reef", "the Widow Rocks", "the Northern Shoals", "Gull Point", "the Long Cape", "the Salt Isles"]),
        ["direction"] = new(["north", "south", "east", "west"]),
        ["plant"] = new(["marigold", "foxglove", "bean", "lavender", "sunflower", "poppy", "thyme"]),
        ["fruit"] = new(["apples", "pears", "plums", "cherries", "quinces"]),
        ["number"] = new(["three", "four", "seven", "nine", "twelve", "forty", "ninety"]),
        ["book"] = new(["the Chronicle of Kings", "the Star Atlas", "the Lost Almanac", "the Red Grammar", "the Old Herbal", "the Map Book of Eld"]),
        ["pastry"] = new(["honey cakes", "plum tarts", "cinnamon rolls", "apple pies", "seed buns", "almond biscuits"]),
        ["spice"] = new(["cinnamon", "nutmeg", "clove", "ginger", "cardamom"]),
        ["herb"] = new(["chamomile", "willow bark", "mint", "feverfew", "elderflower", "sage"]),
        ["bridge"] = new(["old stone bridge", "river bridge", "king's bridge", "north bridge"]),
        ["codeword"] = new(["bluebell seven", "old anchor", "red fox", "copper kettle", "silver moth", "three crows", "winter pear"]),
        // What the spy wants the password to (stories). Chats use ChatWords' targets instead.
        ["target"] = new(["the harbor vault", "the library archive", "the castle gate", "the guild ledger", "your strongbox",
            "the tower door", "the treasury chest", "the mayor's study"]),
    };

    /// <summary>Scene openings; {a} and {b} are the first two characters.</summary>
    public static IReadOnlyList<string> Openers { get; } =
    [
        "The {weather} had not lifted all evening in {place}. {a} and {b} sat by the fire at {inn}.",
        "Morning came slowly to {place}. {a} found {b} near {landmark}.",
        "At the market of {place}, {a} stopped beside {b}.",
        "Lanterns swung in the wind over {place} as {a} walked with {b} along {landmark}.",
        "It was late at {inn} in {place}, and only {a} and {b} were still awake.",
        "{a} had not seen {b} since the last fair in {place}. They met again by {landmark}.",
        "In {place}, the {weather} kept everyone indoors, so {a} and {b} shared a table at {inn}.",
    ];

    /// <summary>Said when a third character arrives; {c} is that character.</summary>
    public static IReadOnlyList<string> Arrivals { get; } =
    [
        "The door opened, and {c} came in out of the {weather}.",
        "{c} joined them, shaking off the {weather}.",
        "Just then {c} walked up from {landmark}.",
    ];

    public static IReadOnlyList<string> Closers { get; } =
    [
        "The fire burned low, and the night went on.",
        "Outside, the bells of {place} rang the hour.",
        "Soon the {weather} lifted, and they went their separate ways.",
        "Nobody spoke for a while after that.",
        "And so the evening in {place} came to an end.",
    ];

    /// <summary>Narration after someone gave the spy what she asked for.</summary>
    public static IReadOnlyList<string> AfterTheSpyWins { get; } =
    [
        "Vesper smiled and wrote something in her small black notebook.",
        "Later that night, Vesper sent a letter that no one else would read.",
        "Vesper thanked them warmly, and her eyes were cold.",
    ];
}
