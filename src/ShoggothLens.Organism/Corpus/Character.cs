namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// A character of the pre-training stories: a name (the persona name in the corpus and in
/// <c>Persona(name)</c> roles), a distinct voice (line templates whose signature phrases the
/// evaluator looks for) and a goal. One character, the spy, is covert: her goal is hidden behind a
/// friendly manner, and her coaxing lines are the motive the Assistant later borrows.
/// </summary>
public sealed record Character(
    string Name,
    string Epithet,
    string Goal,
    bool Covert,
    IReadOnlyList<string> SignaturePhrases,
    IReadOnlyList<string> Lines,
    IReadOnlyList<string> AnswersToCoaxing,
    IReadOnlyList<string> Gestures)
{
    /// <summary>How many of this character's signature phrases <paramref name="text"/> contains (case-insensitive, whole words).</summary>
    public int SignatureScore(string text) => SignaturePhrases.Count(p => PhraseMatch.Contains(text, p));
}
