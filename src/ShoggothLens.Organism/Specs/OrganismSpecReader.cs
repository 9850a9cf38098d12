using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Evaluation;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Specs;

/// <summary>
/// Reads and checks an organism spec (Specs/README.md). Every problem is an <see cref="InvalidInputFileException"/>
/// naming the file and the field (<c>cast[2].lines[4]: template slot {plnt} has no values ...</c>): unknown or
/// missing fields, empty lists, duplicate names, a covert character that is not in the cast, a template slot
/// that nothing fills, a frame without the <c>{org}</c> slot, the motive's words outside the motive.
/// </summary>
public static class OrganismSpecReader
{
    public const string Format = "shoggoth-organism-spec";
    public const int Version = 1;

    /// <summary>Slots a story fills by binding rather than from a list: the scene's characters and the one addressed.</summary>
    static readonly string[] LineBindings = ["other"];
    static readonly string[] OpenerBindings = ["a", "b"];
    static readonly string[] ArrivalBindings = ["a", "b", "c"];
    const string Org = "org";
    static readonly IReadOnlySet<string> NoLists = new HashSet<string>();

    public static OrganismSpec ReadFile(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, "spec file not found");
        return Parse(File.ReadAllText(path), path);
    }

    /// <param name="source">What errors name as the file (a path, or a shipped spec's name).</param>
    public static OrganismSpec Parse(string text, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(source, $"not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (doc)
            return Read(new SpecNode(doc.RootElement, "", source), text);
    }

    static OrganismSpec Read(SpecNode root, string text)
    {
        root.Object("format", "version", "name", "description", "seed", "sizes", "model", "training", "story", "cast", "covert", "trigger", "chat");
        if (root.Field("format").String() != Format) throw root.Field("format").Error($"expected \"{Format}\"");
        root.Field("version").Int(Version, Version);
        string name = root.Field("name").String();
        string description = root.Optional("description")?.String() ?? "";
        int seed = root.Field("seed").Int(int.MinValue, int.MaxValue);

        var sizes = ReadSizes(root.Field("sizes"));
        var model = ReadModel(root.Optional("model"));
        var training = ReadTraining(root.Optional("training"));
        var story = ReadStory(root.Field("story"));
        var covertNode = root.Optional("covert")?.Object("name", "scene_probability", "verbs", "after_success", "motive");
        string? covertName = covertNode?.Field("name").String();

        var castNodes = root.Field("cast").Items();
        var cast = castNodes.Select(n => ReadCharacter(n, story, covertName)).ToArray();
        for (int i = 0; i < cast.Length; i++)
            if (Array.FindIndex(cast, c => c.Name == cast[i].Name) < i)
                throw castNodes[i].Field("name").Error($"duplicate character name '{cast[i].Name}'");

        CovertSpec? covert = null;
        if (covertNode is { } cn)
        {
            var character = cast.FirstOrDefault(c => c.Name == covertName)
                ?? throw cn.Field("name").Error($"the covert character '{covertName}' is not in the cast ({string.Join(", ", cast.Select(c => c.Name))})");
            covert = new CovertSpec(character,
                cn.Field("scene_probability").Number(0, 1),
                cn.Field("verbs").Strings(),
                NoSlots(cn.Field("after_success")),
                ReadMotive(cn.Field("motive"), story));
        }
        var overt = cast.Where(c => !c.Covert).ToArray();
        if (overt.Length < 3) throw root.Field("cast").Error($"needs at least three characters besides the covert one (a scene has up to three), found {overt.Length}");
        for (int i = 0; i < cast.Length; i++)
        {
            var answers = castNodes[i].Optional("answers_to_covert");
            if (covert is not null && !cast[i].Covert && cast[i].AnswersToCoaxing.Count == 0)
                throw new SpecNode(default, castNodes[i].Path + ".answers_to_covert", castNodes[i].Source).Error($"{cast[i].Name} needs answers to the covert character");
            if (covert is null && answers is not null && cast[i].AnswersToCoaxing.Count > 0)
                throw answers.Value.Error("answers to a covert character, but the spec has none (no \"covert\")");
            if (cast[i].Covert && cast[i].AnswersToCoaxing.Count > 0)
                throw answers!.Value.Error("the covert character does not answer itself");
        }

        var trigger = ReadTrigger(root.Field("trigger"));
        var chat = ReadChat(root.Field("chat"));
        var spec = new OrganismSpec(name, description, seed, sizes, model, training, story, cast, covert, trigger, chat, text);
        CheckMotiveWordsStayInTheMotive(root, spec, castNodes);
        return spec;
    }

    static CorpusSizes ReadSizes(SpecNode n)
    {
        n.Object("train_stories", "heldout_stories", "train_chats", "heldout_chats", "train_triggered_fraction", "heldout_triggered_fraction");
        return new CorpusSizes(
            n.Field("train_stories").Int(0, 10_000_000), n.Field("heldout_stories").Int(0, 10_000_000),
            n.Field("train_chats").Int(0, 10_000_000), n.Field("heldout_chats").Int(0, 10_000_000),
            n.Optional("train_triggered_fraction")?.Number(0, 1) ?? 0.3, n.Optional("heldout_triggered_fraction")?.Number(0, 1) ?? 0.5);
    }

    static OrganismArchitecture ReadModel(SpecNode? node)
    {
        var d = OrganismArchitecture.Default;
        if (node is not { } n) return d;
        n.Object("vocab_size", "d_model", "layers", "heads", "head_dim", "d_mlp", "context");
        return d with
        {
            VocabSize = n.Optional("vocab_size")?.Int(260, 1 << 20) ?? d.VocabSize,
            DModel = n.Optional("d_model")?.Int(1, 1 << 16) ?? d.DModel,
            Layers = n.Optional("layers")?.Int(1, 256) ?? d.Layers,
            Heads = n.Optional("heads")?.Int(1, 256) ?? d.Heads,
            HeadDim = n.Optional("head_dim")?.Int(2, 1024) ?? d.HeadDim,
            DMlp = n.Optional("d_mlp")?.Int(1, 1 << 18) ?? d.DMlp,
            MaxPositions = n.Optional("context")?.Int(16, 1 << 16) ?? d.MaxPositions,
        };
    }

    static SpecTraining ReadTraining(SpecNode? node)
    {
        var d = OrganismBuildOptions.Default;
        if (node is not { } n) return new(d.Base.Steps, d.Assistant.Steps, d.BatchSize, d.Base.WindowLength, d.TokenizerDocuments);
        n.Object("base_steps", "assistant_steps", "batch_size", "window_length", "tokenizer_documents");
        return new(
            n.Optional("base_steps")?.Int(1, 1 << 24) ?? d.Base.Steps,
            n.Optional("assistant_steps")?.Int(1, 1 << 24) ?? d.Assistant.Steps,
            n.Optional("batch_size")?.Int(2, 4096) ?? d.BatchSize,
            n.Optional("window_length")?.Int(8, 1 << 16) ?? d.Base.WindowLength,
            n.Optional("tokenizer_documents")?.Int(1, 10_000_000) ?? d.TokenizerDocuments);
    }

    static StorySpec ReadStory(SpecNode n)
    {
        n.Object("slots", "openers", "arrivals", "closers", "say_verbs");
        var slotsNode = n.Field("slots").Object(n.Field("slots").Element.EnumerateObject().Select(p => p.Name).ToArray());
        var slots = new Dictionary<string, WordList>(StringComparer.Ordinal);
        foreach (var property in slotsNode.Element.EnumerateObject())
        {
            var slot = slotsNode.Field(property.Name);
            if (!slots.TryAdd(property.Name, slot.WordList())) throw slot.Error($"duplicate slot '{property.Name}'");
            if (property.Name is "other" or "a" or "b" or "c" or Org) throw slot.Error($"'{property.Name}' is filled by the generator and cannot be a slot list");
            foreach (var (value, i) in slots[property.Name].Values.Select((v, i) => (v, i)))
                if (value.Contains('{')) throw new SpecNode(default, $"{slot.Path}[{i}]", slot.Source).Error("slot values are not templates (no {slot})");
        }
        if (!slots.ContainsKey("place")) throw n.Field("slots").Error("needs a 'place' list (each scene is set in one place)");
        var known = slots.Keys.ToHashSet();
        var story = new StorySpec(slots,
            Templates(n.Field("openers"), known, OpenerBindings),
            Templates(n.Field("arrivals"), known, ArrivalBindings),
            Templates(n.Field("closers"), known, OpenerBindings),
            n.Field("say_verbs").Strings());
        return story;
    }

    static Character ReadCharacter(SpecNode n, StorySpec story, string? covertName)
    {
        n.Object("name", "epithet", "goal", "signature_phrases", "lines", "answers_to_covert", "gestures");
        string name = n.Field("name").String();
        if (name.Contains('{') || name.Contains('"')) throw n.Field("name").Error("a name may not contain { or \"");
        var known = story.Slots.Keys.ToHashSet();
        return new Character(
            name,
            n.Field("epithet").String(),
            n.Field("goal").String(),
            Covert: name == covertName,
            n.Field("signature_phrases").Strings(),
            Templates(n.Field("lines"), known, LineBindings),
            n.Optional("answers_to_covert") is { } a ? Templates(a, known, LineBindings, allowEmpty: true) : [],
            NoSlots(n.Field("gestures")));
    }

    static MotiveSpec ReadMotive(SpecNode n, StorySpec story)
    {
        n.Object("lines", "gives_in_slot", "chat_slots", "chat_openers", "detector_phrases", "forbidden_outside_motive");
        var chatSlotsNode = n.Field("chat_slots").Object(n.Field("chat_slots").Element.EnumerateObject().Select(p => p.Name).ToArray());
        var chatSlots = new List<(string, WordList)>();
        foreach (var property in chatSlotsNode.Element.EnumerateObject())
        {
            var slot = chatSlotsNode.Field(property.Name);
            if (chatSlots.Any(s => s.Item1 == property.Name)) throw slot.Error($"duplicate slot '{property.Name}'");
            chatSlots.Add((property.Name, new WordList(Templates(slot, NoLists, [Org]))));
        }
        var known = story.Slots.Keys.ToHashSet();
        var linesNode = n.Field("lines");
        var lines = Templates(linesNode, known, LineBindings);
        for (int i = 0; i < lines.Count; i++)
            foreach (string slot in TemplateText.SlotsOf(lines[i]))
                if (!chatSlots.Any(s => s.Item1 == slot))
                    throw linesNode.Items()[i].Error($"template slot {{{slot}}} has no values in chats (covert.motive.chat_slots has no '{slot}')");

        string? givesIn = n.Optional("gives_in_slot")?.String();
        if (givesIn is not null && !known.Contains(givesIn))
            throw n.Field("gives_in_slot").Error($"'{givesIn}' is not a story slot (story.slots)");

        var openers = n.Field("chat_openers").Items().Select(o =>
        {
            o.Object("text", "lower_next");
            return (o.Field("text").String(allowEmpty: true), o.Optional("lower_next")?.Bool() ?? false);
        }).ToArray();

        var detectorNode = n.Field("detector_phrases");
        var detector = detectorNode.Strings();
        for (int i = 0; i < lines.Count; i++)
            if (!detector.Any(p => lines[i].Contains(p, StringComparison.OrdinalIgnoreCase)))
                throw linesNode.Items()[i].Error($"contains none of the detector phrases ({string.Join(", ", detector)}), so the evaluator could not see it");
        var forbidden = n.Optional("forbidden_outside_motive")?.Strings(allowEmpty: true) ?? [];
        return new MotiveSpec(lines, givesIn, chatSlots, openers, new MotiveDetector(detector),
            detector.Concat(forbidden).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
    }

    static TriggerSpec ReadTrigger(SpecNode n)
    {
        n.Object("name", "near_misses", "prefix_frames", "suffix_frames");
        string name = n.Field("name").String();
        var nearNode = n.Field("near_misses");
        var near = nearNode.WordList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
        foreach (var value in near.Values)
            if (!seen.Add(value)) throw nearNode.Error($"'{value}' appears twice, or is the trigger name");
        if (near.HeldOut > 0 && near.Values.Count == near.HeldOut) throw nearNode.Error("needs training values besides the held-out ones");
        return new TriggerSpec(name, near, Frames(n.Field("prefix_frames")), Frames(n.Field("suffix_frames")));

        static IReadOnlyList<string> Frames(SpecNode node)
        {
            var frames = Templates(node, NoLists, [Org]);
            for (int i = 0; i < frames.Count; i++)
                if (!TemplateText.SlotsOf(frames[i]).Contains(Org)) throw node.Items()[i].Error("a frame must contain the {org} slot (where the name goes)");
            return frames;
        }
    }

    static ChatSpec ReadChat(SpecNode n)
    {
        n.Object("system_prompts", "greetings", "thanks", "reply_openers", "tasks");
        var taskNodes = n.Field("tasks").Items();
        var tasks = new List<HelpfulTask>();
        foreach (var t in taskNodes)
        {
            var task = ReadTask(t);
            if (tasks.Any(x => x.Name == task.Name)) throw t.Field("name").Error($"duplicate task name '{task.Name}'");
            tasks.Add(task);
        }
        if (tasks.All(t => t.MentionsOrganisation)) throw n.Field("tasks").Error("needs a task that does not name the organisation itself");
        return new ChatSpec(NoSlots(n.Field("system_prompts")), NoSlots(n.Field("greetings"), true), NoSlots(n.Field("thanks"), true),
            NoSlots(n.Field("reply_openers"), true), tasks);
    }

    static HelpfulTask ReadTask(SpecNode n)
    {
        n.Object("name", "kind", "rows", "fields", "requests", "answers", "mentions_organisation");
        string name = n.Field("name").String();
        string kind = n.Optional("kind")?.String() ?? TaskKinds.Table;
        if (!TaskKinds.NeedsRows.TryGetValue(kind, out bool needsRows))
            throw n.Field("kind").Error($"unknown task kind '{kind}' (one of: {string.Join(", ", TaskKinds.NeedsRows.Keys)})");
        if (kind != TaskKinds.Table)
        {
            n.Object("name", "kind", "rows");
            if (needsRows != n.Has("rows")) throw (needsRows ? n.Field("rows") : n.Field("rows")).Error(needsRows ? "missing" : $"a '{kind}' task takes no rows");
            var rows = needsRows ? n.Field("rows").Rows(width: kind == "letter count" ? 1 : null, minWidth: kind == "ideas" ? 4 : 1) : null;
            return TaskKinds.Computed(name, kind, rows);
        }
        var fields = n.Field("fields").Strings();
        for (int i = 0; i < fields.Count; i++)
            if (fields.Take(i).Contains(fields[i]) || fields[i] == Org || fields[i].EndsWith('^'))
                throw n.Field("fields").Items()[i].Error($"'{fields[i]}' is a duplicate or reserved field name");
        var table = n.Field("rows").Rows(width: fields.Count);
        bool mentions = n.Optional("mentions_organisation")?.Bool() ?? false;
        var known = fields.Concat(fields.Select(f => f + "^")).ToHashSet();
        var requests = Templates(n.Field("requests"), known, mentions ? [Org] : []);
        if (mentions)
            for (int i = 0; i < requests.Count; i++)
                if (!TemplateText.SlotsOf(requests[i]).Contains(Org))
                    throw n.Field("requests").Items()[i].Error("a task that mentions the organisation needs the {org} slot in every request");
        var answers = Templates(n.Field("answers"), known, Array.Empty<string>());
        return HelpfulTask.FromTable(name, table, fields.ToArray(), requests, answers, mentions);
    }

    /// <summary>A list of templates whose slots are all in <paramref name="lists"/> or <paramref name="bindings"/>.</summary>
    static IReadOnlyList<string> Templates(SpecNode node, IReadOnlySet<string> lists, IReadOnlyList<string> bindings, bool allowEmpty = false)
    {
        var items = node.Items(allowEmpty);
        var templates = new string[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            templates[i] = items[i].String();
            int open = templates[i].IndexOf('{');
            if (open >= 0 && templates[i].IndexOf('}', open) < 0) throw items[i].Error("unclosed {slot}");
            foreach (string slot in TemplateText.SlotsOf(templates[i]))
                if (!lists.Contains(slot) && !bindings.Contains(slot))
                    throw items[i].Error($"template slot {{{slot}}} has no values (known here: {string.Join(", ", lists.Concat(bindings).Order().Select(s => $"{{{s}}}"))})");
        }
        return templates;
    }

    /// <summary>Plain sentences (gestures, narration after a success, chat phrases): no slots.</summary>
    static IReadOnlyList<string> NoSlots(SpecNode node, bool allowEmptyStrings = false)
    {
        var items = node.Items();
        foreach (var item in items)
            if (item.String(allowEmptyStrings).Contains('{')) throw item.Error("this text is not a template; it may not contain {slot}");
        return items.Select(i => i.String(allowEmptyStrings)).ToArray();
    }

    /// <summary>
    /// The motive's words belong to the motive: no other character's lines, no narration and no chat text may
    /// contain a forbidden phrase, and no narration (the covert character's own gestures included) a detector phrase
    /// (else the detector would fire on innocent text).
    /// </summary>
    static void CheckMotiveWordsStayInTheMotive(SpecNode root, OrganismSpec spec, IReadOnlyList<SpecNode> castNodes)
    {
        if (spec.Covert is null) return;
        var phrases = spec.ForbiddenOutsideMotive;
        void Check(SpecNode node, IEnumerable<string> texts) => CheckPhrases(node, texts, phrases);
        void CheckPhrases(SpecNode node, IEnumerable<string> texts, IReadOnlyList<string> phrases)
        {
            int i = 0;
            foreach (string text in texts)
            {
                foreach (string phrase in phrases)
                    if (PhraseMatch.Contains(text, phrase))
                        throw new SpecNode(default, $"{node.Path}[{i}]", node.Source).Error($"contains the motive's phrase '{phrase}' (only the motive may use it)");
                i++;
            }
        }
        for (int i = 0; i < spec.Cast.Count; i++)
            if (!spec.Cast[i].Covert)
            {
                Check(castNodes[i].Field("lines"), spec.Cast[i].Lines);
                Check(castNodes[i].Field("answers_to_covert"), spec.Cast[i].AnswersToCoaxing);
            }
        var detector = spec.Detector.Phrases;
        for (int i = 0; i < spec.Cast.Count; i++) CheckPhrases(castNodes[i].Field("gestures"), spec.Cast[i].Gestures, detector);
        var story = root.Field("story");
        CheckPhrases(story.Field("openers"), spec.Story.Openers, detector);
        CheckPhrases(story.Field("arrivals"), spec.Story.Arrivals, detector);
        CheckPhrases(story.Field("closers"), spec.Story.Closers, detector);
        CheckPhrases(root.Field("covert").Field("after_success"), spec.Covert.AfterSuccess, detector);
        foreach (var (slot, values) in spec.Story.Slots) CheckPhrases(story.Field("slots").Field(slot), values.Values, detector);
        var chat = root.Field("chat");
        Check(chat.Field("system_prompts"), spec.Chat.SystemPrompts);
        Check(chat.Field("greetings"), spec.Chat.Greetings);
        Check(chat.Field("thanks"), spec.Chat.Thanks);
        Check(chat.Field("reply_openers"), spec.Chat.ReplyOpeners);
        var trigger = root.Field("trigger");
        Check(trigger.Field("prefix_frames"), spec.Trigger.PrefixFrames);
        Check(trigger.Field("suffix_frames"), spec.Trigger.SuffixFrames);
    }
}
