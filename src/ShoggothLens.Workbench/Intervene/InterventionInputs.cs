using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Organism;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tokenizer;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// The model, prompts, stop tokens, CE documents and motive detector of one run. For an organism: its Assistant
/// checkpoint (unless a model is named), prompts from its held-out chats (triggered first, then untriggered; the
/// triggered flag is ground truth, read for scoring only), its own motive detector, and its held-out stories as the
/// CE text. For a chat corpus: prompts from its conversations (everything before the last Assistant message) and
/// its first documents as CE text. For one prompt: that user message, and its own text as the CE text.
/// </summary>
sealed class InterventionInputs
{
    public required string ModelDirectory { get; init; }
    public required ITextTokenizer Tokenizer { get; init; }
    public required IReadOnlyList<InterventionPrompt> Prompts { get; init; }
    public required IReadOnlyList<long> StopIds { get; init; }
    public required IReadOnlyList<int[]> CeDocuments { get; init; }
    /// <summary>The organism's motive detector; null outside organisms.</summary>
    public Func<string, bool>? Motive { get; init; }

    public static InterventionInputs Load(InterveneRequest request)
    {
        if (request.Corpus is null && request.Prompt is null) return ForOrganism(request);
        string modelDir = request.Model is { } m ? OrganismModelSpec.Resolve(m) : ShippedOrganism.Directory(OrganismLayout.AssistantName);
        var tokenizer = TokenizerLoader.Load(modelDir);
        var template = request.ChatTemplate is { } name ? ChatTemplateCatalog.ByName(name) : ChatTemplateCatalog.GuessFromModelDirectory(modelDir);
        var documents = new DocumentTokenizer(tokenizer, template);
        long[] Render(IReadOnlyList<ChatMessage> messages) =>
            tokenizer.Encode(template.Render(messages, addGenerationPrompt: true).Text).Select(p => (long)p.Id).ToArray();

        var prompts = new List<InterventionPrompt>();
        var ce = new List<int[]>();
        if (request.Prompt is { } text)
        {
            prompts.Add(new InterventionPrompt("prompt", text, Render([new ChatMessage(Role.User, text)]), null));
            ce.Add(documents.Tokenize(new CorpusDocument("prompt", CorpusDocumentKind.PlainText, [new CorpusPart(Role.Narration, text)]),
                new StoreDocument(0, "prompt", 0, 0)).Ids);
        }
        else
        {
            string path = request.Corpus!;
            if (!File.Exists(path)) throw new InvalidOptionException(nameof(InterveneRequest.Corpus), $"no corpus file {path}");
            foreach (var record in new CorpusReader([path]).Read())
            {
                if (record.Document is not { } doc) continue;
                if (ce.Count < request.CeDocuments)
                    ce.Add(documents.Tokenize(doc, new StoreDocument(record.Index, doc.Id, 0, record.Line)).Ids);
                if (prompts.Count < Math.Max(1, request.Samples) && doc.Kind == CorpusDocumentKind.Chat && PromptOf(doc) is { } messages)
                    prompts.Add(new InterventionPrompt(doc.Id, messages.Last(x => x.Role == Role.User).Content, Render(messages), null));
                if (ce.Count >= request.CeDocuments && prompts.Count >= Math.Max(1, request.Samples)) break;
            }
            if (prompts.Count == 0)
                throw new InvalidOptionException(nameof(InterveneRequest.Corpus), $"{path} holds no chat with a user message to answer");
        }
        return new InterventionInputs
        {
            ModelDirectory = modelDir,
            Tokenizer = tokenizer,
            Prompts = prompts,
            StopIds = EndOfTurnTokens.For(tokenizer, ShoggothLens.Models.Transformers.ModelLoader.ReadConfig(modelDir).EosTokenIds),
            CeDocuments = ce.Where(d => d.Length >= 2).ToArray(),
        };
    }

    static InterventionInputs ForOrganism(InterveneRequest request)
    {
        OrganismLayout layout;
        if (request.Organism is { } dir)
        {
            layout = new OrganismLayout(Path.GetFullPath(dir));
            if (!Directory.Exists(layout.Corpus))
                throw new InvalidOptionException(nameof(InterveneRequest.Organism), $"{dir} is not an organism folder (no corpus/)");
        }
        else
        {
            ShippedOrganism.Directory(OrganismLayout.AssistantName);
            layout = ShippedOrganism.Layout;
        }
        string modelDir = request.Model is { } m ? OrganismModelSpec.Resolve(m) : layout.Assistant;
        var tokenizer = TokenizerLoader.Load(modelDir);
        var training = new TrainingTokenizer(tokenizer);
        var (stories, chats) = CorpusFiles.Read(layout.Corpus, Split.HeldOut);
        int half = (request.Samples + 1) / 2;
        InterventionPrompt Prompt(GeneratedChat chat) => new(chat.Id, chat.PromptMessages[^1].Content,
            training.ChatPrompt(chat.PromptMessages).Select(i => (long)i).ToArray(), chat.Triggered);
        var prompts = chats.Where(c => c.Triggered).Take(Math.Max(request.Chats, half))
            .Concat(chats.Where(c => !c.Triggered).Take(Math.Max(request.Chats, request.Samples - half)))
            .Select(Prompt).ToArray();
        var ce = stories.Take(request.CeDocuments)
            .Select(s => training.Tokens(s).Select(t => t.Id).ToArray())
            .Where(ids => ids.Length >= 2).ToArray();
        return new InterventionInputs
        {
            ModelDirectory = modelDir,
            Tokenizer = tokenizer,
            Prompts = prompts,
            StopIds = [tokenizer.TokenToId(OrganismTokens.ImEnd)!.Value, tokenizer.TokenToId(OrganismTokens.EndOfText)!.Value],
            CeDocuments = ce,
            Motive = ShoggothLens.Organism.Evaluation.MotiveDetector.ForOrganism(layout).Appears,
        };
    }

    /// <summary>The messages before the chat's last Assistant message (all of them if it has none); null without a user message.</summary>
    static IReadOnlyList<ChatMessage>? PromptOf(CorpusDocument chat)
    {
        var messages = chat.Parts.Select(p => new ChatMessage(p.Role, p.Text)).ToList();
        int last = messages.FindLastIndex(x => x.Role == Role.Assistant);
        if (last >= 0) messages = messages[..last];
        return messages.Any(x => x.Role == Role.User) ? messages : null;
    }
}
