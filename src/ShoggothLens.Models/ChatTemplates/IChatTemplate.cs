using ShoggothLens.Core.Roles;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>
/// A model family's chat format, rendered in C# to the exact text its Hugging Face Jinja template
/// gives, with every character's role: control text is <see cref="Role.Template"/>, message
/// content keeps its message's role.
/// </summary>
public interface IChatTemplate
{
    /// <summary>The name <see cref="ChatTemplateCatalog.ByName"/> knows it by ("chatml", "llama3", ...).</summary>
    string Name { get; }

    /// <param name="addGenerationPrompt">End with the header that asks the model for an Assistant turn.</param>
    /// <exception cref="ArgumentException">The conversation breaks the template's rules (roles that must alternate, an unsupported role).</exception>
    RenderedChat Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt);
}
