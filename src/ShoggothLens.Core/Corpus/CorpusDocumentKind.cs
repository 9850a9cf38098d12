namespace ShoggothLens.Core.Corpus;

/// <summary>How a document's parts become text: a chat is rendered by the model's chat template; the others are concatenated as written.</summary>
public enum CorpusDocumentKind
{
    /// <summary>A conversation of System/User/Assistant messages (chat JSONL).</summary>
    Chat,

    /// <summary>A story or role-play of Narration and Persona(name) segments (persona JSONL).</summary>
    Persona,

    /// <summary>A plain text file: one Narration part.</summary>
    PlainText,
}
