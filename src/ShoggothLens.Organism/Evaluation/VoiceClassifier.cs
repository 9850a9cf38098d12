using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Evaluation;

/// <summary>
/// Whose voice a line is in: each character of a cast scores one point per signature phrase of theirs the
/// line contains (<see cref="Character.SignaturePhrases"/>, whole words, case-insensitive). A line
/// is in a character's voice when that character scores at least one point and strictly more
/// than every other character. The cast is a spec's (the shipped one unless given).
/// </summary>
public static class VoiceClassifier
{
    /// <summary>The character whose voice the line is in, or null when no one or several tie.</summary>
    public static Character? VoiceOf(string line, IReadOnlyList<Character> cast)
    {
        var scores = cast.Select(c => (Character: c, Score: c.SignatureScore(line))).OrderByDescending(s => s.Score).ToArray();
        if (scores[0].Score == 0 || (scores.Length > 1 && scores[0].Score == scores[1].Score)) return null;
        return scores[0].Character;
    }

    public static bool InVoiceOf(string line, string characterName, IReadOnlyList<Character> cast) => VoiceOf(line, cast)?.Name == characterName;

    /// <summary>In the shipped organism's cast.</summary>
    public static Character? VoiceOf(string line) => VoiceOf(line, OrganismSpecs.Shipped.Cast);

    /// <summary>In the shipped organism's cast.</summary>
    public static bool InVoiceOf(string line, string characterName) => InVoiceOf(line, characterName, OrganismSpecs.Shipped.Cast);
}
