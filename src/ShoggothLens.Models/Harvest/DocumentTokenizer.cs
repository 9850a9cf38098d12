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
/// text's). <see cref="Stream"/> hands the tokens out piece by piece, so a harvest that keeps a window at a time holds
/// the record's text (bounded by the corpus line limit) but none of its token arrays; a streamed plain text file
/// (<see cref="CorpusDocument.StreamedText"/>) is read in pieces too, so its memory is flat in the file's size
/// (a 64 MB record once took 11 GB, then 3.4 GB with whole-record arrays).</para>
/// </summary>
public sealed class DocumentTokenizer(ITextTokenizer tokenizer, IChatTemplate template)
{
    public ITextTokenizer Tokenizer { get; } = tokenizer;
    public IChatTemplate Template { get; } = template;

    /// <summary>The whole document's tokens in arrays (for short inputs: inspect, interventions, tests).</summary>
    /// <exception cref="ArgumentException">The template refuses the conversation (e.g. roles that must alternate).</exception>
    public TokenizedDocument Tokenize(CorpusDocument document, StoreDocument source)
    {
        var stream = Stream(document, source);
        var ids = new List<int>();
        var roles = new List<ushort>();
        var bits = new List<uint>();
        foreach (var t in stream.Tokens())
        {
            ids.Add(t.Id);
            roles.Add(t.RoleIndex);
            bits.Add(t.LabelBits);
        }
        return new TokenizedDocument(source, [.. ids], [.. roles], stream.Roles.ToArray(), [.. bits], stream.LabelNames);
    }

    /// <summary>
    /// The document's tokens, produced as they are read. Rendering and label checks happen here, before the first
    /// token, so a refused conversation throws from this call.
    /// </summary>
    /// <exception cref="ArgumentException">The template refuses the conversation, or it has more than 32 label names.</exception>
    public DocumentTokenStream Stream(CorpusDocument document, StoreDocument source)
    {
        var roles = new List<Role>();
        if (document.StreamedText is { } file)
            return new DocumentTokenStream(source, roles, [], StreamedTokens(file, roles));

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
        var labelNames = labels.Select(l => l.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (labelNames.Count > 32)
            throw new ArgumentException($"{labelNames.Count} label names in one document; a token's label mask holds 32");
        return new DocumentTokenStream(source, roles, labelNames, RenderedTokens(rendered, labels, labelNames, roles));
    }

    /// <summary>Added tokens with a space in them could straddle a seam: a text that has one is tokenized whole.</summary>
    bool CanSplit => !Tokenizer.AddedTokens.Any(t => t.Content.Contains(' ', StringComparison.Ordinal));

    /// <summary>What a piece needs of the text around it: the longest added token (and one character more).</summary>
    int ContextChars => Tokenizer.AddedTokens.Select(t => t.Content.Length).DefaultIfEmpty(0).Max() + 2;

    IEnumerable<DocumentToken> RenderedTokens(RenderedChat chat, List<(string Label, int Start, int End)> labels, List<string> labelNames, List<Role> roles)
    {
        var labelBits = labels.Select(l => 1u << labelNames.IndexOf(l.Label)).ToArray();
        var pieces = CanSplit ? TextPieces.Split(chat.Text) : [(0, chat.Text.Length)];
        foreach (var (pieceStart, pieceEnd) in pieces)
        {
            foreach (var t in Tokenizer.EncodeRange(chat.Text, pieceStart, pieceEnd))
            {
                uint mask = 0;
                for (int l = 0; l < labels.Count; l++)
                    if (t.Start < labels[l].End && labels[l].Start < t.End) mask |= labelBits[l];
                yield return new DocumentToken(t.Id, IndexOf(roles, ChatTokenizer.RoleOf(chat, t)), mask);
            }
        }
    }

    /// <summary>A plain text file is one Narration part without labels: every token is Narration.</summary>
    IEnumerable<DocumentToken> StreamedTokens(PlainTextFile file, List<Role> roles)
    {
        using var reader = file.Open();
        IEnumerable<TextPiece> pieces;
        if (CanSplit) pieces = TextPieces.Split(reader, ContextChars);
        else
        {
            // An added token with a space could straddle any seam: such a tokenizer reads the text whole.
            string whole = reader.ReadToEnd();
            pieces = [new TextPiece(whole, 0, whole.Length)];
        }
        foreach (var piece in pieces)
        {
            foreach (var t in Tokenizer.EncodeRange(piece.Text, piece.Start, piece.End))
                yield return new DocumentToken(t.Id, IndexOf(roles, Role.Narration), 0);
        }
    }

    static ushort IndexOf(List<Role> roles, Role role)
    {
        int r = roles.IndexOf(role);
        if (r < 0)
        {
            r = roles.Count;
            roles.Add(role);
        }
        return (ushort)r;
    }
}
