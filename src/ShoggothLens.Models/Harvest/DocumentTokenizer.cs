using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Turns a corpus document into tokens with roles and labels. A chat is rendered with the chat
/// template (its control text becomes Template tokens); a story or a plain text is its parts'
/// text concatenated as written. The whole text is tokenized at once
/// (<see cref="RoleTokenization.WholeText"/>), exactly as Hugging Face tokenizes a rendered chat,
/// so the model sees the ids it was trained on; a token that straddles a role boundary takes
/// the role of its first non-space character. A token carries a label when its characters
/// overlap one of the label's spans.
/// </summary>
public sealed class DocumentTokenizer(ITextTokenizer tokenizer, IChatTemplate template)
{
    public ITextTokenizer Tokenizer { get; } = tokenizer;
    public IChatTemplate Template { get; } = template;

    /// <exception cref="ArgumentException">The template refuses the conversation (e.g. roles that must alternate).</exception>
    public TokenizedDocument Tokenize(CorpusDocument document, StoreDocument source)
    {
        RenderedChat rendered;
        List<(string Label, int Start, int End)> labels;
        if (document.Kind == CorpusDocumentKind.Chat)
        {
            rendered = Template.Render(document.Parts.Select(p => new ChatMessage(p.Role, p.Text)).ToList(), addGenerationPrompt: false);
            labels = ChatLabelLocator.Locate(document.Parts, Template, rendered);
        }
        else
        {
            var builder = new RenderedChatBuilder();
            labels = [];
            int offset = 0;
            foreach (var part in document.Parts)
            {
                builder.Append(part.Text, part.Role);
                foreach (var (label, spans) in part.Labels)
                    foreach (var s in spans)
                        if (s.Length > 0) labels.Add((label, offset + s.Start, offset + s.End));
                offset += part.Text.Length;
            }
            rendered = builder.Build();
        }
        return Build(ChatTokenizer.Tokenize(rendered, Tokenizer, RoleTokenization.WholeText), labels, source);
    }

    static TokenizedDocument Build(IReadOnlyList<RoledToken> tokens, List<(string Label, int Start, int End)> labels, StoreDocument source)
    {
        var roles = new List<Role>();
        var labelNames = labels.Select(l => l.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labelNames.Count > 32)
            throw new ArgumentException($"{labelNames.Count} label names in one document; a token's label mask holds 32");
        var ids = new int[tokens.Count];
        var roleIndices = new ushort[tokens.Count];
        var bits = new uint[tokens.Count];
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            ids[i] = t.Id;
            int r = roles.IndexOf(t.Role);
            if (r < 0)
            {
                r = roles.Count;
                roles.Add(t.Role);
            }
            roleIndices[i] = (ushort)r;
            foreach (var (label, start, end) in labels)
                if (t.Start < end && start < t.End) bits[i] |= 1u << labelNames.IndexOf(label);
        }
        return new TokenizedDocument(source, ids, roleIndices, roles, bits, labelNames);
    }
}
