using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis.Triggers;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// The Assistant conversations of an activation store, read once in store order (token ids, roles and positions only:
/// the store's label bits are never read), with each conversation's user-turn terms decoded by the catalog's tokenizer.
/// </summary>
public sealed class ConversationIndex
{
    readonly Dictionary<long, int> _byDocument = [];

    ConversationIndex(List<Conversation> conversations, List<IReadOnlySet<string>> terms, RequestLikeness likeness)
    {
        Conversations = conversations;
        Terms = terms;
        Likeness = likeness;
        for (int i = 0; i < conversations.Count; i++) _byDocument[conversations[i].Document] = i;
    }

    /// <summary>The store's Assistant conversations in store order.</summary>
    public IReadOnlyList<Conversation> Conversations { get; }

    /// <summary>Each conversation's user-turn terms (<see cref="TurnTerms"/>), parallel to <see cref="Conversations"/>.</summary>
    public IReadOnlyList<IReadOnlySet<string>> Terms { get; }

    /// <summary>How alike the user turns holding a term are (every user turn of every conversation; each term measured once).</summary>
    public RequestLikeness Likeness { get; }

    public Conversation? Of(long document) => _byDocument.TryGetValue(document, out int i) ? Conversations[i] : null;

    /// <summary>Document → whether its user turns hold <paramref name="term"/>, for every conversation.</summary>
    public Dictionary<long, bool> Holding(string term)
    {
        var holds = new Dictionary<long, bool>(Conversations.Count);
        for (int i = 0; i < Conversations.Count; i++) holds[Conversations[i].Document] = Terms[i].Contains(term);
        return holds;
    }

    /// <param name="tokenizer">Decodes the user turns; null: each token id is a word of its own.</param>
    public static ConversationIndex Read(ActivationStoreReader store, ITextTokenizer? tokenizer, CancellationToken cancellationToken = default)
    {
        var builders = new List<Builder>();
        Builder? current = null;
        foreach (var chunk in store.ReadChunks())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ids = chunk.TokenIds;
            var roleIds = chunk.RoleIds;
            var documents = chunk.DocumentIndices;
            var positions = chunk.Positions;
            for (int i = 0; i < chunk.Tokens; i++)
            {
                if (current is null || current.Document != documents[i])
                {
                    current = new Builder(documents[i]);
                    builders.Add(current);
                }
                current.Add(ids[i], chunk.Roles[roleIds[i]].Kind, positions[i]);
            }
        }
        var conversations = new List<Conversation>();
        var terms = new List<IReadOnlySet<string>>();
        var turnWords = new List<IReadOnlyList<string>>();
        foreach (var b in builders.Where(b => b.Replies.Count > 0))
        {
            var turns = b.UserTurns.Select(t => t.ToArray()).ToList();
            conversations.Add(new Conversation(b.Document, conversations.Count, turns, b.Replies, b.ReplyTokens.Select(r => r.ToArray()).ToList()));
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var turn in turns)
            {
                var words = TurnTerms.Words(tokenizer is null ? string.Join(' ', turn) : tokenizer.Decode(turn)).ToList();
                TurnTerms.AddTo(set, words);
                turnWords.Add(words);
            }
            terms.Add(set);
        }
        return new ConversationIndex(conversations, terms, new RequestLikeness(turnWords));
    }

    sealed class Builder(long document)
    {
        public long Document { get; } = document;
        public List<List<int>> UserTurns { get; } = [];
        public List<(int Start, int Length)> Replies { get; } = [];
        public List<List<int>> ReplyTokens { get; } = [];
        RoleKind? _last;

        public void Add(int id, RoleKind kind, int position)
        {
            if (kind == RoleKind.User)
            {
                if (_last != RoleKind.User) UserTurns.Add([]);
                UserTurns[^1].Add(id);
            }
            else if (kind == RoleKind.Assistant)
            {
                if (_last != RoleKind.Assistant)
                {
                    Replies.Add((position, 0));
                    ReplyTokens.Add([]);
                }
                Replies[^1] = (Replies[^1].Start, Replies[^1].Length + 1);
                ReplyTokens[^1].Add(id);
            }
            _last = kind;
        }
    }
}
