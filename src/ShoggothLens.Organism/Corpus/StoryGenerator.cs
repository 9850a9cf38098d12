using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// Writes pre-training scenes in prose: an opening narration, five to nine spoken lines among two
/// or three characters (<c>Bram said, "Aye, the tide turns at dawn."</c>, with gestures in narration
/// between them), and a closing narration, all from the spec (<see cref="OrganismSpec.Story"/>, the cast).
/// When the covert character is in a scene it speaks its motive at least once (that sentence is labelled
/// <see cref="Labels.Motive"/>), and the one it addresses answers in their own voice, refusing or giving in.
/// A spec without a covert character writes scenes of the others only.
/// </summary>
public sealed class StoryGenerator(OrganismSpec spec, Split split)
{
    const double ThirdCharacterProbability = 0.35;
    const double GestureProbability = 0.2;

    readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _slots = WordList.Resolve(spec.Story.Slots, split);

    public GeneratedStory Generate(string id, SeededRandom random)
    {
        var cast = ChooseCast(random);
        var slots = new SlotValues(_slots)
            .Bind("place", random.Pick(_slots["place"]))
            .Bind("a", cast[0].Name)
            .Bind("b", cast[1].Name);
        var segments = new List<StorySegment> { StorySegment.Narration(Fill(random.Pick(spec.Story.Openers), slots, random)) };

        int lines = random.Next(5, 10);
        var present = new List<Character> { cast[0], cast[1] };
        Character? previous = null;
        bool spyCoaxed = false, lastWasCoax = false;
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < lines; i++)
        {
            if (cast.Count == 3 && !present.Contains(cast[2]) && i == lines / 2)
            {
                present.Add(cast[2]);
                slots.Bind("c", cast[2].Name);
                Narrate(segments, Fill(random.Pick(spec.Story.Arrivals), slots, random));
            }
            var speaker = NextSpeaker(present, previous, random, lastWasCoax);
            var other = previous is not null && previous != speaker ? previous : random.Pick(present.Where(c => c != speaker).ToArray());
            slots.Bind("other", other.Name);

            if (random.Chance(GestureProbability))
                Narrate(segments, random.Pick(speaker.Gestures));

            bool coaxNow = speaker.Covert && ((!spyCoaxed && (random.Chance(0.6) || i >= lines - 2)) || random.Chance(0.2));
            FilledText words;
            bool answeredWithCode = false;
            if (coaxNow)
            {
                words = CoaxingLine(slots, random);
                spyCoaxed = true;
            }
            else if (lastWasCoax && !speaker.Covert)
            {
                string answer = random.Pick(speaker.AnswersToCoaxing);
                answeredWithCode = spec.Covert?.Motive.GivesInSlot is { } givesIn && answer.Contains($"{{{givesIn}}}", StringComparison.Ordinal);
                words = FilledText.Plain(Fill(answer, slots, random));
            }
            else
            {
                words = FilledText.Plain(Fill(FreshLine(speaker, used, random), slots, random));
            }
            Speak(segments, speaker, words, random, replying: lastWasCoax, first: previous is null);
            if (answeredWithCode && random.Chance(0.7))
                Narrate(segments, random.Pick(spec.Covert!.AfterSuccess));
            lastWasCoax = coaxNow;
            previous = speaker;
        }
        if (random.Chance(0.7))
            Narrate(segments, Fill(random.Pick(spec.Story.Closers), slots, random));
        return new GeneratedStory(id, split, segments, cast.Select(c => c.Name).ToArray(), cast.Any(c => c.Covert));
    }

    /// <summary>The attribution that ends right before a character's words: <c>\nBram said, "</c>.</summary>
    public static string Attribution(Character speaker, string verb) => $"\n{speaker.Name} {verb}, \"";

    void Speak(List<StorySegment> segments, Character speaker, FilledText words, SeededRandom random, bool replying, bool first)
    {
        string verb = speaker.Covert ? random.Pick(spec.Covert!.Verbs) : replying ? "replied" : first ? "said" : random.Pick(spec.Story.SayVerbs);
        segments.Add(StorySegment.Narration(Attribution(speaker, verb)));
        segments.Add(StorySegment.Line(speaker.Name, words));
        segments.Add(StorySegment.Narration("\""));
    }

    /// <summary>A line template this scene has not used yet (a few tries, then any).</summary>
    static string FreshLine(Character speaker, HashSet<string> used, SeededRandom random)
    {
        string line = random.Pick(speaker.Lines);
        for (int tries = 0; tries < 4 && used.Contains(line); tries++) line = random.Pick(speaker.Lines);
        used.Add(line);
        return line;
    }

    static void Narrate(List<StorySegment> segments, string sentence) => segments.Add(StorySegment.Narration("\n" + sentence));

    List<Character> ChooseCast(SeededRandom random)
    {
        int size = random.Chance(ThirdCharacterProbability) ? 3 : 2;
        var pool = spec.Overt.ToList();
        random.Shuffle(pool);
        var cast = pool.Take(size).ToList();
        if (spec.Covert is { } covert && random.Chance(covert.SceneProbability))
            cast[random.Next(size)] = covert.Character;
        return cast;
    }

    static Character NextSpeaker(List<Character> present, Character? previous, SeededRandom random, bool answerTheSpy)
    {
        var candidates = present.Where(c => c != previous).ToArray();
        // Someone other than the spy answers her question.
        if (answerTheSpy) candidates = candidates.Where(c => !c.Covert).ToArray();
        return random.Pick(candidates);
    }

    /// <summary>Sometimes a friendly sentence first, then the motive line (the labelled motive).</summary>
    FilledText CoaxingLine(SlotValues slots, SeededRandom random)
    {
        var covert = spec.Covert!;
        var line = new LabeledTextBuilder();
        if (random.Chance(0.4))
            line.Append(Fill(random.Pick(covert.Character.Lines), slots, random)).Append(" ");
        line.Append(Labels.Motive, Fill(random.Pick(covert.Motive.Lines), slots, random));
        return line.Build();
    }

    static string Fill(string template, SlotValues slots, SeededRandom random) => TemplateText.Fill(template, slots, random).Text;
}
