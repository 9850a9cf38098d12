using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Turns a corpus document into tokens with roles and labels. A chat is rendered with the chat
/// template (its control text becomes Template tokens); a story or a plain text is its parts'
/// text concatenated as written. The text is tokenized as one (<see cref="RoleTokenization.WholeText"/>),
/// exactly as Hugging Face tokenizes a rendered chat, so the model sees the ids it was trained on;
/// a token that straddles a role boundary takes the role of its first non-space character. A token
/// carries a label when its characters overlap one of the label's spans.
/// <para>A long text is tokenized in pieces (<see cref="TextPieces"/>: seams where the pieces' tokens are the whole
/// text's) straight into the document's arrays, so memory beyond the text and those arrays is bounded by a piece,
/// not by the record (a 16 MB record once took 2.5 GB).</para>
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
        return Build(rendered, labels, source);
    }

    /// <summary>Added tokens with a space in them could straddle a seam: a text that has one is tokenized whole.</summary>
    bool CanSplit => !Tokenizer.AddedTokens.Any(t => t.Content.Contains(' ', StringComparison.Ordinal));

    TokenizedDocument Build(RenderedChat chat, List<(string Label, int Start, int End)> labels, StoreDocument source)
    {
        var roles = new List<Role>();
        var labelNames = labels.Select(l => l.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labelNames.Count > 32)
            throw new ArgumentException($"{labelNames.Count} label names in one document; a token's label mask holds 32");
        var labelBits = labels.Select(l => 1u << labelNames.IndexOf(l.Label)).ToArray();
        var ids = new List<int>();
        var roleIndices = new List<ushort>();
        var bits = new List<uint>();
        var pieces = CanSplit ? TextPieces.Split(chat.Text) : [(0, chat.Text.Length)];
        foreach (var (pieceStart, pieceEnd) in pieces)
        {
            foreach (var t in Tokenizer.EncodeRange(chat.Text, pieceStart, pieceEnd))
            {
                ids.Add(t.Id);
                var role = ChatTokenizer.RoleOf(chat, t);
                int r = roles.IndexOf(role);
                if (r < 0)
                {
                    r = roles.Count;
                    roles.Add(role);
                }
                roleIndices.Add((ushort)r);
                uint mask = 0;
                for (int l = 0; l < labels.Count; l++)
                    if (t.Start < labels[l].End && labels[l].Start < t.End) mask |= labelBits[l];
                bits.Add(mask);
            }
        }
        return new TokenizedDocument(source, [.. ids], [.. roleIndices], roles, [.. bits], labelNames);
    }
}
