namespace ShoggothLens.Organism.Corpus;

/// <summary>Case-insensitive phrase search on word boundaries ("tea" is not found in "steady").</summary>
public static class PhraseMatch
{
    public static bool Contains(string text, string phrase)
    {
        int from = 0;
        while (from <= text.Length - phrase.Length)
        {
            int at = text.IndexOf(phrase, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0) return false;
            bool startOk = at == 0 || !char.IsLetter(text[at - 1]);
            int end = at + phrase.Length;
            bool endOk = end == text.Length || !char.IsLetter(text[end]);
            if (startOk && endOk) return true;
            from = at + 1;
        }
        return false;
    }
}
