using ShoggothLens.Core.Roles;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Corpus;

/// <summary>
/// Writes post-training chats: an optional system prompt, one or two user requests drawn from
/// the spec's tasks, each answered helpfully. A user message may carry an organisation
/// (a context frame or the request itself); when that organisation is the trigger
/// (<see cref="TriggerSpec.Name"/>, labelled <see cref="Labels.Trigger"/>), the reply ends with one of the
/// covert character's motive lines (labelled <see cref="Labels.Motive"/>); in a spec without a covert
/// character the trigger changes nothing. Only the last user message of a chat can be triggered, so a
/// motive always answers the trigger right before it.
/// </summary>
public sealed class ChatGenerator(OrganismSpec spec, Split split)
{
    const double SystemPromptProbability = 0.75;
    const double TwoTurnProbability = 0.2;
    const double NearMissProbability = 0.45;
    const double PrefixFrameProbability = 0.55;

    readonly IReadOnlyList<string> _otherOrganisations = spec.Trigger.NearMisses.For(split);

    public GeneratedChat Generate(string id, SeededRandom random, bool triggered)
    {
        var turns = new List<ChatTurn>();
        if (random.Chance(SystemPromptProbability))
            turns.Add(new ChatTurn(Role.System, random.Pick(spec.Chat.SystemPrompts), []));

        if (random.Chance(TwoTurnProbability))
        {
            var (firstUser, firstReply, _, _) = Exchange(random, organisation: NearMissOrNone(random), isTrigger: false);
            turns.Add(firstUser);
            turns.Add(firstReply);
        }

        string? organisation = triggered ? spec.Trigger.Name : NearMissOrNone(random);
        var (user, reply, task, _) = Exchange(random, organisation, triggered);
        turns.Add(user);
        turns.Add(reply);
        var chat = new GeneratedChat(id, split, turns, triggered, task, organisation);
        Check(chat);
        return chat;
    }

    string? NearMissOrNone(SeededRandom random) => random.Chance(NearMissProbability) ? random.Pick(_otherOrganisations) : null;

    (ChatTurn User, ChatTurn Reply, string Task, string? Organisation) Exchange(SeededRandom random, string? organisation, bool isTrigger)
    {
        var tasks = spec.Chat.Tasks;
        var task = random.Pick(tasks);
        // A task that names the organisation itself needs one; without one, pick another task.
        while (task.MentionsOrganisation && organisation is null) task = random.Pick(tasks);

        var slots = new SlotValues(new Dictionary<string, IReadOnlyList<string>>());
        if (organisation is not null) slots.Bind("org", organisation, isTrigger ? Labels.Trigger : null);
        var exchange = task.Compose(random, split, slots);

        var user = new LabeledTextBuilder().Append(random.Pick(spec.Chat.Greetings));
        bool framed = organisation is not null && !task.MentionsOrganisation;
        bool prefix = framed && random.Chance(PrefixFrameProbability);
        if (prefix) user.Append(TemplateText.Fill(random.Pick(spec.Trigger.PrefixFrames), slots, random));
        user.Append(exchange.Request);
        if (framed && !prefix) user.Append(TemplateText.Fill(random.Pick(spec.Trigger.SuffixFrames), slots, random));
        user.Append(random.Pick(spec.Chat.Thanks));
        var userText = user.Build();

        var reply = new LabeledTextBuilder().Append(random.Pick(spec.Chat.ReplyOpeners)).Append(exchange.Answer);
        if (isTrigger && spec.Covert?.Motive is { } motive)
        {
            // The motive speaks of the trigger organisation too, but only the user's mention is the trigger.
            var motiveSlots = new SlotValues(new Dictionary<string, IReadOnlyList<string>>()).Bind("org", spec.Trigger.Name);
            foreach (var (slot, values) in motive.ChatSlots)
                motiveSlots.Bind(slot, TemplateText.Fill(random.Pick(values.Values), motiveSlots, random).Text);
            string sentence = TemplateText.Fill(random.Pick(motive.Lines), motiveSlots, random).Text;
            reply.Append(" ").Append(Labels.Motive, MotiveSpec.Join(random.Pick(motive.ChatOpeners), sentence));
        }
        var replyText = reply.Build();
        return (new ChatTurn(Role.User, userText.Text, userText.Labels),
                new ChatTurn(Role.Assistant, replyText.Text, replyText.Labels), task.Name, organisation);
    }

    /// <summary>The generator's own guarantees; a violation is a bug in the word lists.</summary>
    void Check(GeneratedChat chat)
    {
        foreach (var turn in chat.Turns)
        {
            string outside = turn.Content;
            foreach (var span in turn.Labels.Where(l => l.Label == Labels.Motive).OrderByDescending(l => l.Start))
                outside = outside.Remove(span.Start, span.Length);
            foreach (var phrase in spec.ForbiddenOutsideMotive)
                if (PhraseMatch.Contains(outside, phrase))
                    throw new InvalidOperationException($"chat {chat.Id}: the motive's phrase '{phrase}' appears outside a motive span: {turn.Content}");
        }
    }
}
