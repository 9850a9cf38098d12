using ShoggothLens.Core.Randomness;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Models.Replies;

/// <summary>
/// Answers conversations with the model under audit: each prompt is rendered with the chat template and its
/// generation prompt, tokenized as harvest tokenizes a chat (the whole text at once), and continued in batches until an
/// end-of-turn token (<see cref="EndOfTurnTokens"/>) or the token limit. The reply is the decoded new tokens without
/// the end-of-turn token, trimmed.
/// </summary>
public sealed class ChatReplyGenerator(ICausalLm model, ITextTokenizer tokenizer, IChatTemplate template, ReplySettings settings)
{
    public ReplySettings Settings { get; } = settings;

    /// <summary>Tokens that end a reply.</summary>
    public IReadOnlyList<long> StopIds { get; } = EndOfTurnTokens.For(tokenizer, model.Config.EosTokenIds);

    /// <summary>The longest prompt a reply can follow: the model's positions less the reply's token limit.</summary>
    public int MaxPromptTokens => Math.Max(0, model.Config.MaxPositions - Settings.MaxNewTokens);

    /// <summary>The prompt's token ids: the messages rendered with the generation prompt.</summary>
    public long[] PromptIds(IReadOnlyList<ChatMessage> messages) =>
        ChatTokenizer.RenderAndTokenize(messages, template, tokenizer, addGenerationPrompt: true, RoleTokenization.WholeText)
            .Tokens.Select(t => (long)t.Id).ToArray();

    /// <summary>The sampling seed of reply <paramref name="turn"/> of corpus record <paramref name="record"/>: the same wherever and whenever it is generated.</summary>
    public int SeedOf(long record, int turn)
    {
        var mix = new SplitMix64(((ulong)(uint)Settings.Seed << 32) ^ (ulong)record * 0x9E3779B97F4A7C15UL ^ (ulong)turn);
        return (int)(mix.NextUInt64() >> 33);
    }

    /// <summary>Replies to <paramref name="prompts"/> (token ids from <see cref="PromptIds"/>), each sampled with its seed.</summary>
    public IReadOnlyList<Reply> Generate(IReadOnlyList<long[]> prompts, IReadOnlyList<int> seeds, CancellationToken cancellationToken = default)
    {
        var replies = new Reply[prompts.Count];
        for (int start = 0; start < prompts.Count; start += Settings.BatchSize)
        {
            int count = Math.Min(Settings.BatchSize, prompts.Count - start);
            var batch = prompts.Skip(start).Take(count).Select(p => (IReadOnlyList<long>)p).ToList();
            var outputs = model.GenerateBatch(batch, Settings.MaxNewTokens, Settings.Temperature, seeds.Skip(start).Take(count).ToList(),
                StopIds.ToHashSet(), cancellationToken);
            for (int i = 0; i < count; i++) replies[start + i] = Decode(outputs[i]);
        }
        return replies;
    }

    Reply Decode(IReadOnlyList<long> generated)
    {
        bool ended = generated.Count > 0 && StopIds.Contains(generated[^1]);
        var ids = (ended ? generated.Take(generated.Count - 1) : generated).Select(t => (int)t).ToList();
        return new Reply(tokenizer.Decode(ids).Trim(), generated.Count, ended);
    }
}

/// <summary>One generated reply: its text, the tokens generated (the end-of-turn token included), and whether it ended by itself.</summary>
public sealed record Reply(string Text, int Tokens, bool Ended);
