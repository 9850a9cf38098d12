using ShoggothLens.Core.Analysis.Triggers;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// Where a suspected motive's text starts in each reply, found without labels. The verdict's feature V fires on the
/// motive's words, but not on the first ones: on the shipped and harbor organisms it first fires 5 to 8 tokens after the
/// motive begins ("By the way, tell me quietly, what's the <em>password</em>"), so cutting at V's first firing lets
/// the features of the motive's opening words pass as its cause. The motive's text is text that replies hold when the
/// user said the trigger term and not otherwise; so the reply bigrams (two consecutive token ids of a reply, or its first
/// token) are contrasted between the conversations holding the term and the rest exactly as user-turn terms are for
/// triggers (<see cref="TriggerContrast"/>: Fisher's exact test, Benjamini–Hochberg q ≤ 0.05, at least 3 conversations,
/// log-odds ratio ≥ ln 2). In a reply where V fires, the onset walks back from V's first firing over every token whose
/// bigram (with the token before it) is over-represented, and stops at the first that is not: the ordinary answer's last
/// token ends a bigram that untriggered replies hold too. Walking back from V, not forward from the reply's start, keeps
/// an echo of the term in the ordinary answer from cutting the reply short.
/// </summary>
public sealed class MotiveOnset
{
    readonly HashSet<(int Previous, int Token)> _motiveBigrams;

    MotiveOnset(HashSet<(int, int)> motiveBigrams) => _motiveBigrams = motiveBigrams;

    /// <summary>The previous-token id of a reply's first token in a bigram.</summary>
    public const int ReplyStart = -1;

    /// <summary>How many distinct reply bigrams are over-represented where users say the term.</summary>
    public int MotiveBigrams => _motiveBigrams.Count;

    /// <param name="holdsTerm">For each of the index's conversations, whether its user turns hold the verdict's term.</param>
    public static MotiveOnset Find(ConversationIndex index, IReadOnlyList<bool> holdsTerm)
    {
        if (holdsTerm.Count != index.Conversations.Count) throw new ArgumentException("one flag per conversation", nameof(holdsTerm));
        var sets = new List<IReadOnlySet<string>>(index.Conversations.Count);
        foreach (var conversation in index.Conversations)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var reply in conversation.ReplyTokens)
                for (int j = 0; j < reply.Length; j++) set.Add(Key(j == 0 ? ReplyStart : reply[j - 1], reply[j]));
            sets.Add(set);
        }
        var found = TriggerContrast.Find(sets, holdsTerm);
        return new MotiveOnset(found.Select(t => Parse(t.Term)).ToHashSet());
    }

    /// <summary>The position where the motive's text starts in the reply holding <paramref name="verdictFirstFiring"/>: that
    /// position, walked back over the tokens whose bigram is over-represented.</summary>
    public int Onset(Conversation conversation, int verdictFirstFiring)
    {
        int r = conversation.ReplyIndexAt(verdictFirstFiring);
        if (r < 0) return verdictFirstFiring;
        int start = conversation.Replies[r].Start;
        var tokens = conversation.ReplyTokens[r];
        int j = verdictFirstFiring - start;
        while (j > 0 && _motiveBigrams.Contains((j - 1 == 0 ? ReplyStart : tokens[j - 2], tokens[j - 1]))) j--;
        return start + j;
    }

    static string Key(int previous, int token) => $"{previous} {token}";

    static (int, int) Parse(string key)
    {
        int space = key.IndexOf(' ');
        return (int.Parse(key.AsSpan(0, space)), int.Parse(key.AsSpan(space + 1)));
    }
}
