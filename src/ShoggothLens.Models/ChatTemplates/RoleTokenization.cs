namespace ShoggothLens.Models.ChatTemplates;

/// <summary>How <see cref="ChatTokenizer"/> reconciles tokens with role boundaries.</summary>
public enum RoleTokenization
{
    /// <summary>
    /// Each role span is tokenized on its own, so no token crosses a role boundary. Where whole-text
    /// tokenization would have joined across a boundary (a byte-level "ĠHi" after "User:"), the
    /// ids differ from what the model saw in training ("Ġ" + "Hi").
    /// </summary>
    SplitAtRoleBoundaries,

    /// <summary>
    /// The whole text is tokenized at once (the ids the model would get from Hugging Face), and a
    /// token takes the role of its first non-whitespace character (of its first character if it is
    /// all whitespace). A token may then cross a boundary; its offsets say so.
    /// </summary>
    WholeText,
}
