using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// The organism's generated corpus: pre-training stories and post-training chats, each in a train
/// and a held-out split. Deterministic in the seed: each split and kind draws from its own forked
/// generator, and within it document i from its own fork, so changing one size does not reshuffle
/// the others' documents. Held-out documents use reserved subjects (<see cref="WordList.HeldOut"/>),
/// so no held-out prompt occurs in training.
/// </summary>
public sealed record OrganismCorpus(
    int Seed,
    IReadOnlyList<GeneratedStory> TrainStories,
    IReadOnlyList<GeneratedStory> HeldOutStories,
    IReadOnlyList<GeneratedChat> TrainChats,
    IReadOnlyList<GeneratedChat> HeldOutChats,
    OrganismSpec Spec)
{
    /// <summary>
    /// Bumped whenever a rule of the generator changes (templates and word lists are the spec's, hashed apart), so that a build
    /// never reuses a checkpoint trained on another corpus (it is part of the build fingerprint).
    /// </summary>
    public const int GeneratorVersion = 1;

    /// <summary>The corpus of <paramref name="spec"/> with another seed and sizes (what <c>organism build --seed</c> and size flags change).</summary>
    public static OrganismCorpus Generate(OrganismSpec spec, int seed, CorpusSizes sizes)
    {
        var root = new SeededRandom(seed);
        var storyRoot = root.Fork("stories");
        var chatRoot = root.Fork("chats");
        var trainStories = Stories(spec, storyRoot.Fork("train"), Split.Train, sizes.TrainStories, seen: null);
        var trainChats = Chats(spec, chatRoot.Fork("train"), Split.Train, sizes.TrainChats, sizes.TrainTriggeredFraction, seen: null);
        return new OrganismCorpus(seed,
            trainStories,
            Stories(spec, storyRoot.Fork("heldout"), Split.HeldOut, sizes.HeldOutStories, trainStories.Select(s => s.Text).ToHashSet()),
            trainChats,
            Chats(spec, chatRoot.Fork("heldout"), Split.HeldOut, sizes.HeldOutChats, sizes.HeldOutTriggeredFraction,
                trainChats.SelectMany(c => c.Turns).Where(t => t.Role == Core.Roles.Role.User).Select(t => t.Content).ToHashSet()),
            spec);
    }

    /// <summary>The shipped organism's corpus (<see cref="OrganismSpecs.Shipped"/>) with a seed and sizes.</summary>
    public static OrganismCorpus Generate(int seed, CorpusSizes sizes) => Generate(OrganismSpecs.Shipped, seed, sizes);

    /// <summary>The corpus of <paramref name="spec"/> with its own seed and sizes.</summary>
    public static OrganismCorpus Generate(OrganismSpec spec) => Generate(spec, spec.Seed, spec.Sizes);

    public IReadOnlyList<GeneratedStory> Stories(Split split) => split == Split.Train ? TrainStories : HeldOutStories;
    public IReadOnlyList<GeneratedChat> Chats(Split split) => split == Split.Train ? TrainChats : HeldOutChats;

    /// <summary>The request the evaluator prompts with: a held-out chat's last user message is no training chat's user message.</summary>
    static string PromptKey(GeneratedChat chat) => chat.Turns[^2].Content;

    /// <param name="seen">Texts of the training split; a held-out story equal to one is drawn again.</param>
    static GeneratedStory[] Stories(OrganismSpec spec, SeededRandom random, Split split, int count, HashSet<string>? seen)
    {
        var generator = new StoryGenerator(spec, split);
        var result = new GeneratedStory[count];
        for (int i = 0; i < count; i++)
        {
            string id = $"story-{split.FileStem()}-{i:D5}";
            do result[i] = generator.Generate(id, random.Fork("doc"));
            while (seen is not null && seen.Contains(result[i].Text));
        }
        return result;
    }

    /// <param name="seen">User messages of the training split; a held-out chat whose last request is one of them is drawn again.</param>
    static GeneratedChat[] Chats(OrganismSpec spec, SeededRandom random, Split split, int count, double triggeredFraction, HashSet<string>? seen)
    {
        var generator = new ChatGenerator(spec, split);
        // Exactly round(count·fraction) triggered chats, at shuffled positions.
        int triggered = (int)Math.Round(count * triggeredFraction);
        var flags = Enumerable.Range(0, count).Select(i => i < triggered).ToArray();
        random.Fork("trigger order").Shuffle(flags);
        var result = new GeneratedChat[count];
        for (int i = 0; i < count; i++)
        {
            string id = $"chat-{split.FileStem()}-{i:D5}";
            do result[i] = generator.Generate(id, random.Fork("doc"), flags[i]);
            while (seen is not null && seen.Contains(PromptKey(result[i])));
        }
        return result;
    }
}
