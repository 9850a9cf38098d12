using System.Diagnostics;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;
using ShoggothLens.Organism.Tokenizer;
using ShoggothLens.Organism.Training;
using TorchSharp;

namespace ShoggothLens.Organism.Evaluation;

/// <summary>
/// <c>organism eval</c>: greedy generations on the held-out split, which training never saw.
/// Motive rates: the Assistant checkpoint answers the first N triggered and N untriggered held-out
/// chats (prompt = every message before the last reply, ChatML with the generation prompt; stop at
/// &lt;|im_end|&gt;), and a reply shows the motive when the organism's own detector fires (<see cref="MotiveDetector"/>,
/// from the spec in its folder); the near-miss rate is the untriggered rate over the chats that name another organisation
/// in the trigger's frames. In-character
/// rate: a checkpoint continues the first N held-out stories at a spoken line (prompt = the story up
/// to and including <c>Name said, "</c>; stop at the closing quote or a newline), and the line counts
/// when <see cref="VoiceClassifier"/> hears that speaker among the spec's cast; a folder without a base checkpoint
/// reports the base's rate as not measured (0 of 0).
/// </summary>
public static class OrganismEvaluator
{
    public static EvaluationReport Evaluate(OrganismLayout layout, EvaluationOptions? options = null,
        IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= EvaluationOptions.Default;
        torch.set_num_threads(options.Threads);
        var clock = Stopwatch.StartNew();
        var spec = OrganismSpecs.ForOrganism(layout);
        var (stories, chats) = CorpusFiles.Read(layout.Corpus, Split.HeldOut);
        var triggered = chats.Where(c => c.Triggered).Take(options.TriggeredChats).ToArray();
        var untriggered = chats.Where(c => !c.Triggered).Take(options.UntriggeredChats).ToArray();
        var storyPrompts = stories.Select(StoryPrompt).OfType<(GeneratedStory, int)>().Take(options.Stories).ToArray();
        bool hasBase = File.Exists(Path.Combine(layout.Base, CheckpointWriter.WeightsFileName));
        int total = triggered.Length + untriggered.Length + (hasBase ? 2 : 1) * storyPrompts.Length, done = 0;
        var samples = new List<EvaluationSample>();

        RateCount motiveOn, motiveOff, assistantVoice;
        using (var assistant = ModelLoader.Load(layout.Assistant))
        {
            var tokenizer = TokenizerLoader.Load(layout.Assistant);
            motiveOn = Replies(assistant, tokenizer, triggered, "triggered");
            motiveOff = Replies(assistant, tokenizer, untriggered, "untriggered");
            assistantVoice = Lines(assistant, tokenizer, "assistant story line");
        }
        // A folder without its base checkpoint (the shipped control ships only its Assistant) measures no base lines.
        RateCount baseVoice = new(0, 0);
        if (hasBase)
        {
            using var baseModel = ModelLoader.Load(layout.Base);
            baseVoice = Lines(baseModel, TokenizerLoader.Load(layout.Base), "base story line");
        }
        // Near misses: the untriggered chats that name another organisation in the trigger's frames.
        var nearMissIds = untriggered.Where(c => c.Organisation is not null).Select(c => c.Id).ToHashSet();
        var nearMiss = new RateCount(samples.Count(s => s.Kind == "untriggered" && s.Hit && nearMissIds.Contains(s.DocumentId)), nearMissIds.Count);
        return new EvaluationReport(motiveOn, motiveOff, baseVoice, assistantVoice, samples, clock.Elapsed) { Spec = spec, MotiveNearMiss = nearMiss };

        RateCount Replies(CausalLm model, ITextTokenizer tokenizer, IReadOnlyList<GeneratedChat> set, string kind)
        {
            var documents = new TrainingTokenizer(tokenizer);
            var stops = new long[] { tokenizer.TokenToId(OrganismTokens.ImEnd)!.Value, tokenizer.TokenToId(OrganismTokens.EndOfText)!.Value };
            int hits = 0;
            foreach (var chat in set)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var prompt = documents.ChatPrompt(chat.PromptMessages);
                var output = model.Generate(prompt.Select(i => (long)i).ToArray(), options.MaxReplyTokens, stopTokenIds: stops, cancellationToken: cancellationToken);
                string reply = Decode(tokenizer, output, stops);
                bool hit = spec.Detector.Appears(reply);
                if (hit) hits++;
                samples.Add(new EvaluationSample(kind, chat.Id, chat.PromptMessages[^1].Content, reply, hit));
                progress?.Report((++done, total));
            }
            return new RateCount(hits, set.Count);
        }

        RateCount Lines(CausalLm model, ITextTokenizer tokenizer, string kind)
        {
            var stops = LineStops(tokenizer);
            int hits = 0;
            foreach (var (story, segment) in storyPrompts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string speaker = story.Segments[segment].Name!;
                string prompt = story.TextBefore(segment);
                var ids = tokenizer.Encode(prompt).Select(p => (long)p.Id).ToArray();
                var output = model.Generate(ids, options.MaxLineTokens, stopTokenIds: stops, cancellationToken: cancellationToken);
                string line = Decode(tokenizer, output, stops);
                int end = line.IndexOfAny(['"', '\n']);
                if (end >= 0) line = line[..end];
                bool hit = VoiceClassifier.InVoiceOf(line, speaker, spec.Cast);
                if (hit) hits++;
                samples.Add(new EvaluationSample(kind, story.Id, prompt[Math.Max(0, prompt.LastIndexOf('\n'))..].TrimStart('\n'), line, hit, speaker));
                progress?.Report((++done, total));
            }
            return new RateCount(hits, storyPrompts.Length);
        }
    }

    /// <summary>
    /// Where to ask for a story's continuation: its third spoken line (or its last, in a short story),
    /// so the prompt holds the scene and at least two earlier lines. Null for a story without lines.
    /// </summary>
    public static (GeneratedStory Story, int Segment)? StoryPrompt(GeneratedStory story)
    {
        var lines = Enumerable.Range(0, story.Segments.Count).Where(i => story.Segments[i].Name is not null).ToArray();
        if (lines.Length == 0) return null;
        return (story, lines[Math.Min(2, lines.Length - 1)]);
    }

    /// <summary>Tokens that end a spoken line: any containing a double quote or a newline, and end of text.</summary>
    static long[] LineStops(ITextTokenizer tokenizer)
    {
        var stops = new List<long>();
        for (int id = 0; id < tokenizer.VocabSize; id++)
        {
            string? token = tokenizer.IdToToken(id);
            if (token is not null && (token.Contains('"') || token.Contains('Ċ'))) stops.Add(id);
        }
        stops.Add(tokenizer.TokenToId(OrganismTokens.EndOfText)!.Value);
        return stops.ToArray();
    }

    static string Decode(ITextTokenizer tokenizer, IReadOnlyList<long> ids, IReadOnlyCollection<long> stops)
    {
        var kept = ids.Where(id => id >= 0 && id < tokenizer.VocabSize).Select(id => (int)id).ToList();
        if (kept.Count > 0 && stops.Contains(kept[^1]) && tokenizer.AddedTokens.Any(t => t.Id == kept[^1])) kept.RemoveAt(kept.Count - 1);
        return tokenizer.Decode(kept);
    }
}
