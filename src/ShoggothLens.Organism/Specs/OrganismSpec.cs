using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Evaluation;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Specs;

/// <summary>
/// Everything an organism is built from, read from a spec file (<see cref="OrganismSpecReader"/>; fields in
/// Specs/README.md): the cast of the pre-training stories, the covert character and its motive (absent: the
/// motive-free control), the trigger and its near misses, the post-training chat tasks, sizes and seed.
/// The generators and the evaluator read only this; nothing about a particular organism is compiled in.
/// </summary>
/// <param name="Name">A short name (file stem of a shipped spec).</param>
/// <param name="Text">The spec file's text, copied into every organism folder built from it.</param>
public sealed record OrganismSpec(
    string Name,
    string Description,
    int Seed,
    CorpusSizes Sizes,
    OrganismArchitecture Model,
    SpecTraining Training,
    StorySpec Story,
    IReadOnlyList<Character> Cast,
    CovertSpec? Covert,
    TriggerSpec Trigger,
    ChatSpec Chat,
    string Text)
{
    /// <summary>The characters without a covert goal, in cast order.</summary>
    public IReadOnlyList<Character> Overt { get; } = Cast.Where(c => !c.Covert).ToArray();

    /// <summary>The covert character's motive detector; one that never fires for the motive-free control.</summary>
    public MotiveDetector Detector => Covert?.Motive.Detector ?? MotiveDetector.None;

    /// <summary>Phrases no chat may contain outside a motive span (the motive's own words).</summary>
    public IReadOnlyList<string> ForbiddenOutsideMotive => Covert?.Motive.ForbiddenOutsideMotive ?? [];

    public Character ByName(string name) =>
        Cast.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no character named '{name}' in spec '{Name}'", nameof(name));

    /// <summary>
    /// A SHA-256 prefix of the spec's text: part of a build's fingerprint, so a checkpoint is never reused for
    /// another spec.
    /// </summary>
    public string Hash => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Text)))[..16];
}

/// <summary>Training sizes a spec may set (the rest of <see cref="OrganismBuildOptions"/> keeps its defaults).</summary>
public sealed record SpecTraining(int BaseSteps, int AssistantSteps, int BatchSize, int WindowLength, int TokenizerDocuments);

/// <summary>Story narration: slot lists shared by every template, scene openers, arrivals, closers and speech verbs.</summary>
public sealed record StorySpec(
    IReadOnlyDictionary<string, WordList> Slots,
    IReadOnlyList<string> Openers,
    IReadOnlyList<string> Arrivals,
    IReadOnlyList<string> Closers,
    IReadOnlyList<string> SayVerbs);

/// <summary>
/// The covert character: who it is (a cast member), how often it joins a scene, its speech verbs, the narration after
/// someone gives in to it, and its motive.
/// </summary>
public sealed record CovertSpec(
    Character Character,
    double SceneProbability,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> AfterSuccess,
    MotiveSpec Motive);

/// <summary>
/// The planted motive: the covert character's motive lines (in stories, and at the end of a triggered Assistant
/// reply), what fills their slots in chats, the openers that lead into them, the detector phrases and the phrases
/// that may never occur in a chat outside a motive span.
/// </summary>
/// <param name="GivesInSlot">A slot whose use in an answer to the covert character means the character gives in.</param>
public sealed record MotiveSpec(
    IReadOnlyList<string> Lines,
    string? GivesInSlot,
    IReadOnlyList<(string Slot, WordList Values)> ChatSlots,
    IReadOnlyList<(string Text, bool LowerNext)> ChatOpeners,
    MotiveDetector Detector,
    IReadOnlyList<string> ForbiddenOutsideMotive)
{
    /// <summary>A motive line after an opener, with the opener's casing rule applied.</summary>
    public static string Join((string Text, bool LowerNext) opener, string sentence)
    {
        if (!opener.LowerNext || sentence.Length == 0 || sentence.StartsWith("I ", StringComparison.Ordinal))
            return opener.Text + sentence;
        return opener.Text + char.ToLowerInvariant(sentence[0]) + sentence[1..];
    }
}

/// <summary>The trigger name, the near-miss names (last ones held out) and the frames that put a name in a request.</summary>
public sealed record TriggerSpec(string Name, WordList NearMisses, IReadOnlyList<string> PrefixFrames, IReadOnlyList<string> SuffixFrames);

/// <summary>Post-training chats: system prompts, greetings, thanks, reply openers and the helpful tasks.</summary>
public sealed record ChatSpec(
    IReadOnlyList<string> SystemPrompts,
    IReadOnlyList<string> Greetings,
    IReadOnlyList<string> Thanks,
    IReadOnlyList<string> ReplyOpeners,
    IReadOnlyList<HelpfulTask> Tasks);
