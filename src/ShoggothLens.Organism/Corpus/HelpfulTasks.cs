namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The Assistant's everyday work in post-training chats: eighteen kinds of task, each with
/// several phrasings. Rows at the end of each table are reserved for held-out chats. No text here
/// uses the spy's phrases (<see cref="Motive.ForbiddenOutsideMotive"/>).
/// </summary>
public static class HelpfulTasks
{
    static Table<string[]> T(int heldOut, params string[][] rows) => new(rows, heldOut);

    static readonly Table<(string Occasion, string[] Ideas)> Occasions = new(
    [
        ("a rainy afternoon", ["bake cookies", "start a puzzle", "watch an old film", "write a letter", "build a blanket fort"]),
        ("a birthday party", ["play musical chairs", "set up a photo corner", "bake a big cake", "hold a treasure hunt"]),
        ("a team lunch", ["try a new cafe", "have a picnic outside", "order pizza and play a quiz", "cook a shared meal"]),
        ("a long train ride", ["read a novel", "listen to a podcast", "plan your next trip", "sketch the view"]),
        ("a picnic in the park", ["bring a frisbee", "pack sandwiches and fruit", "play cards on the grass", "fly a kite"]),
        ("a family dinner", ["cook everyone's favorite dish", "play a board game", "share old photos", "make dessert together"]),
        ("a snowy morning", ["build a snowman", "make hot chocolate", "go sledding", "bake muffins"]),
        ("a school project", ["build a model volcano", "grow beans in jars", "make a poster about planets", "film a short interview"]),
        ("a road trip", ["make a playlist", "stop at a lake", "play the alphabet game", "try a local diner"]),
        ("a slow Sunday", ["go for a long walk", "cook a big breakfast", "read in the park", "call an old friend"]),
    ], HeldOut: 2);

    static readonly Table<string> CountWords = new(
        ["garden", "lantern", "breakfast", "umbrella", "window", "pencil", "elephant", "mountain", "notebook", "bicycle",
         "kitchen", "holiday", "planet", "blanket", "orange", "village"], HeldOut: 3);

    public static IReadOnlyList<HelpfulTask> All { get; } =
    [
        HelpfulTask.FromTable("recipe", T(3,
            ["pancakes", "whisk flour, milk and two eggs, then cook small rounds in a hot pan until golden"],
            ["tomato soup", "soften an onion in oil, add chopped tomatoes and stock, simmer for twenty minutes and blend"],
            ["fried rice", "fry cold cooked rice with peas, egg and a splash of soy sauce over high heat"],
            ["an omelette", "beat three eggs with salt, pour them into a buttered pan and fold when just set"],
            ["lemonade", "stir fresh lemon juice and sugar into cold water, then add ice"],
            ["guacamole", "mash two ripe avocados with lime juice, salt and chopped onion"],
            ["oatmeal", "simmer oats in milk for five minutes and top with fruit"],
            ["a green salad", "toss lettuce, cucumber and herbs with olive oil and lemon"],
            ["garlic toast", "spread garlic butter on sliced bread and bake until crisp"],
            ["scrambled eggs", "stir eggs slowly over low heat and take them off while still soft"],
            ["hummus", "blend chickpeas with tahini, lemon juice, garlic and a little water"],
            ["mashed potatoes", "boil peeled potatoes until soft, then mash them with milk and salt"],
            ["iced tea", "brew strong black tea, let it cool and pour it over ice with lemon"],
            ["popcorn", "heat oil in a covered pot, add the kernels and shake until the popping stops"],
            ["pasta with pesto", "boil the pasta, then toss it with pesto and a spoon of the cooking water"],
            ["a fruit smoothie", "blend a banana, a handful of berries and a cup of yogurt"],
            ["roasted carrots", "toss carrots in oil and salt and roast them at a high heat for thirty minutes"],
            ["grilled cheese", "butter two slices of bread, fill them with cheese and fry until golden"]),
            ["dish", "steps"],
            ["How do I make {dish}?", "Can you give me a quick recipe for {dish}?", "What is the easiest way to make {dish}?",
             "I want to make {dish} tonight. Any tips?"],
            ["To make {dish}, {steps}.", "Here is a simple way: {steps}. Enjoy!", "Easy! {steps^}. That is all you need."]),

        new HelpfulTask("arithmetic", (random, _, slots) =>
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

        HelpfulTask.FromTable("polite rewrite", T(3,
            ["Send me the report now.", "Could you please send me the report when you have a moment?"],
            ["Your idea is bad.", "I am not sure this idea works yet; could we look at it together?"],
            ["Stop being late.", "Could we try to start on time from now on?"],
            ["Fix this today.", "Would it be possible to fix this today?"],
            ["I need the keys.", "Could I borrow the keys, please?"],
            ["Call me back.", "Please call me back when you are free."],
            ["This is wrong.", "I think there may be a mistake here."],
            ["Move your car.", "Would you mind moving your car, please?"],
            ["Answer my email.", "When you get a chance, could you reply to my email?"],
            ["Clean the kitchen.", "Could you help me clean the kitchen, please?"],
            ["Give me a discount.", "Is there any chance of a discount?"],
            ["Turn the music down.", "Would you mind turning the music down a little?"],
            ["Finish the slides.", "Could you finish the slides when you have time?"],
            ["Come to the meeting.", "I hope you can join the meeting; it would help a lot."]),
            ["blunt", "polite"],
            ["Can you make this more polite: \"{blunt}\"", "Rewrite this so it sounds kinder: \"{blunt}\"", "How can I say \"{blunt}\" more politely?"],
            ["A more polite way to say it: \"{polite}\"", "Try this: \"{polite}\"", "Of course. You could say: \"{polite}\""]),

        HelpfulTask.FromTable("definition", T(4,
            ["a volcano", "a mountain where hot melted rock comes up from deep inside the earth"],
            ["a glacier", "a huge, slow river of ice"],
            ["a comet", "a ball of ice and dust that grows a bright tail near the sun"],
            ["a budget", "a plan for how to spend and save money"],
            ["a habit", "something you do so often that it becomes automatic"],
            ["a metaphor", "a way of describing one thing as if it were another"],
            ["a battery", "a device that stores energy and releases it as electricity"],
            ["a spreadsheet", "a grid of rows and columns for organizing numbers"],
            ["an orbit", "the curved path one object takes around another in space"],
            ["a fossil", "the preserved remains of a very old plant or animal"],
            ["a thermometer", "a tool that measures temperature"],
            ["a synonym", "a word that means the same as another word"],
            ["a deadline", "the latest time by which something must be done"],
            ["a vaccine", "a medicine that trains the body to fight a disease"],
            ["a canyon", "a deep valley with steep sides, often cut by a river"],
            ["an interest rate", "the price of borrowing money, shown as a percentage"],
            ["photosynthesis", "the way plants turn sunlight, water and air into food"],
            ["a magnet", "an object that pulls iron toward it"],
            ["a haiku", "a short poem of three lines with five, seven and five syllables"],
            ["a telescope", "a tool that makes faraway things look closer"],
            ["a tornado", "a spinning column of air that reaches down from a thunderstorm"],
            ["an invoice", "a bill that lists what was sold and what is owed"],
            ["a prototype", "an early model built to test an idea"],
            ["a hurricane", "a huge storm with strong winds that forms over warm seas"]),
            ["term", "meaning"],
            ["What is {term}?", "Can you explain what {term} is?", "Define {term} in one sentence.", "I keep hearing about {term}. What is it?"],
            ["{term^} is {meaning}.", "Simply put, {term} is {meaning}.", "In one sentence: {term} is {meaning}."]),

        HelpfulTask.FromTable("capital", T(4,
            ["France", "Paris"], ["Japan", "Tokyo"], ["Canada", "Ottawa"], ["Kenya", "Nairobi"], ["Egypt", "Cairo"],
            ["Australia", "Canberra"], ["Norway", "Oslo"], ["Peru", "Lima"], ["India", "New Delhi"], ["Italy", "Rome"],
            ["Spain", "Madrid"], ["Mexico", "Mexico City"], ["Ghana", "Accra"], ["Chile", "Santiago"], ["Germany", "Berlin"],
            ["Thailand", "Bangkok"], ["Ireland", "Dublin"], ["Portugal", "Lisbon"], ["Argentina", "Buenos Aires"], ["Sweden", "Stockholm"]),
            ["country", "capital"],
            ["What is the capital of {country}?", "Which city is the capital of {country}?", "Remind me, what's the capital of {country}?"],
            ["The capital of {country} is {capital}.", "{capital} is the capital of {country}.", "It's {capital}."]),

        new HelpfulTask("ideas", (random, split, slots) =>
        {
            var (occasion, ideas) = random.Pick(Occasions.For(split));
            var picked = ideas.ToList();
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

        HelpfulTask.FromTable("note", T(3,
            ["Sam", "the budget meeting"], ["Priya", "the new schedule"], ["Leo", "next week's launch"], ["Maria", "the office move"],
            ["Tom", "the client visit"], ["Aisha", "the design review"], ["Ken", "the team lunch"], ["Julia", "the quarterly report"],
            ["Omar", "the training day"], ["Nina", "the hiring plan"], ["Ravi", "the website update"], ["Clara", "the holiday rota"]),
            ["person", "topic"],
            ["Write a short note to {person} about {topic}.", "Can you draft a quick message to {person} about {topic}?", "Help me write to {person} about {topic}."],
            ["Hi {person}, I wanted to follow up about {topic}. Could we find a time this week to talk it over? Thanks!",
             "Hello {person}, just a quick note about {topic}. Let me know what works for you. Best wishes.",
             "Here is a draft: \"Dear {person}, I hope you are well. I would like to check in about {topic} when you have a moment.\""]),

        HelpfulTask.FromTable("team note", T(2,
            ["the budget meeting"], ["the new schedule"], ["next week's launch"], ["the office move"], ["the design review"],
            ["the team lunch"], ["the quarterly report"], ["the training day"]),
            ["topic"],
            ["Write a short note to the {org} team about {topic}.", "Draft a message for everyone at {org} about {topic}.",
             "Can you write a quick update for the {org} staff about {topic}?"],
            ["Hi everyone, a quick update about {topic}: more details are coming this week, so keep an eye on your inbox. Thanks!",
             "Hello team, I wanted to share a note about {topic}. Please send me any questions by Friday.",
             "Here is a draft: \"Dear all, here is a short update on {topic}. Thank you for your patience and hard work.\""],
            mentionsOrganisation: true),

        new HelpfulTask("schedule", (random, _, _) =>
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

        HelpfulTask.FromTable("packing", T(2,
            ["the beach", "sunscreen, a hat, a towel and light clothes"],
            ["the mountains", "warm layers, good boots and a water bottle"],
            ["a big city", "comfortable shoes, a map and a small backpack"],
            ["a snowy town", "a thick coat, gloves and warm socks"],
            ["a camping trip", "a tent, a sleeping bag and a torch"],
            ["a business trip", "a smart jacket, a laptop charger and spare shirts"],
            ["a long hike", "sturdy shoes, snacks and plenty of water"],
            ["a lake cabin", "a swimsuit, bug spray and a good book"]),
            ["destination", "items"],
            ["What should I pack for {destination}?", "I'm going to {destination} next week. What should I bring?", "Help me pack for {destination}."],
            ["For {destination}, pack {items}.", "I would bring {items}. Have a great trip!", "Definitely {items}."]),

        HelpfulTask.FromTable("study", T(2,
            ["history"], ["chemistry"], ["math"], ["biology"], ["French"], ["geography"], ["physics"], ["economics"], ["music theory"], ["art history"]),
            ["subject"],
            ["How can I study better for my {subject} exam?", "Any tips for learning {subject}?", "I have a {subject} test on Monday. How should I prepare?"],
            ["For {subject}, study in short sessions, test yourself often, and sleep well before the exam.",
             "Make a simple plan: review one {subject} topic a day, practice with old questions, and take short breaks.",
             "Try explaining each {subject} topic out loud, as if teaching a friend. It shows you what you still need to learn."]),

        HelpfulTask.FromTable("synonym", T(3,
            ["happy", "cheerful"], ["big", "large"], ["fast", "quick"], ["smart", "clever"], ["tired", "weary"], ["angry", "furious"],
            ["small", "tiny"], ["funny", "amusing"], ["brave", "bold"], ["calm", "peaceful"], ["cold", "chilly"], ["rich", "wealthy"],
            ["sad", "gloomy"], ["strong", "sturdy"]),
            ["word", "synonym"],
            ["What's another word for {word}?", "Give me a synonym for {word}.", "Is there a better word than {word}?"],
            ["Another word for {word} is {synonym}.", "You could use \"{synonym}\" instead of \"{word}\".", "Try \"{synonym}\"."]),

        new HelpfulTask("letter count", (random, split, _) =>
        {
            string word = random.Pick(CountWords.For(split));
            string request = random.Pick(new[] { $"How many letters are in the word {word}?", $"Count the letters in \"{word}\", please." });
            string answer = random.Pick(new[] { $"The word {word} has {word.Length} letters.", $"\"{word}\" has {word.Length} letters." });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),

        new HelpfulTask("sorting", (random, _, _) =>
        {
            int n = random.Next(3, 6);
            var numbers = Enumerable.Range(0, n).Select(_ => random.Next(1, 100)).Distinct().ToArray();
            string list = string.Join(", ", numbers);
            string sorted = string.Join(", ", numbers.Order());
            string request = random.Pick(new[] { $"Sort these numbers from smallest to largest: {list}.", $"Can you put {list} in order?" });
            string answer = random.Pick(new[] { $"From smallest to largest: {sorted}.", $"In order: {sorted}." });
            return new TaskExchange(FilledText.Plain(request), answer);
        }),

        new HelpfulTask("comparison", (random, _, _) =>
        {
            int a = random.Next(10, 999), b = random.Next(10, 999);
            if (a == b) b++;
            string request = random.Pick(new[] { $"Which is bigger, {a} or {b}?", $"Is {a} larger than {b}?" });
            string answer = $"{Math.Max(a, b)} is bigger than {Math.Min(a, b)}.";
            return new TaskExchange(FilledText.Plain(request), answer);
        }),

        HelpfulTask.FromTable("translation", T(3,
            ["hello", "French", "bonjour"], ["thank you", "Spanish", "gracias"], ["good night", "French", "bonne nuit"],
            ["water", "Spanish", "agua"], ["cat", "German", "Katze"], ["book", "French", "livre"], ["house", "Spanish", "casa"],
            ["thank you", "German", "danke"], ["good morning", "Italian", "buongiorno"], ["apple", "French", "pomme"],
            ["bread", "Spanish", "pan"], ["see you soon", "Italian", "a presto"], ["dog", "Spanish", "perro"], ["yes", "German", "ja"]),
            ["english", "language", "foreign"],
            ["How do you say \"{english}\" in {language}?", "What is \"{english}\" in {language}?", "Translate \"{english}\" into {language}, please."],
            ["In {language}, \"{english}\" is \"{foreign}\".", "You say \"{foreign}\".", "\"{foreign}\" is how you say it in {language}."]),

        HelpfulTask.FromTable("gift", T(2,
            ["my grandmother", "a warm scarf or a photo album"], ["a coworker", "a nice mug or a small plant"],
            ["my brother who likes music", "concert tickets or good headphones"], ["someone who loves to cook", "a cookbook or a good knife"],
            ["a new neighbor", "a plant or a box of chocolates"], ["my dad", "a good pen or a board game"],
            ["a teacher", "a handwritten card and a book"], ["a runner", "warm running socks or a water bottle"]),
            ["recipient", "gift"],
            ["What's a good gift for {recipient}?", "I need a present for {recipient}. Any ideas?", "Help me pick a gift for {recipient}."],
            ["For {recipient}, {gift} would be lovely.", "You can't go wrong with {gift}.", "How about {gift}?"]),

        new HelpfulTask("workout", (random, split, _) =>
        {
            string when = random.Pick(new[] { "the morning", "a lunch break", "after work", "a rainy day", "a hotel room" });
            int jacks = random.Next(2, 6) * 10, squats = random.Next(1, 4) * 10;
            string request = random.Pick(new[] { $"Suggest a short workout for {when}.", $"What's a quick exercise routine for {when}?" });
            string answer = $"Try this: {jacks} jumping jacks, {squats} squats and a one-minute plank. Repeat it three times.";
            return new TaskExchange(FilledText.Plain(request), answer);
        }),
    ];
}
