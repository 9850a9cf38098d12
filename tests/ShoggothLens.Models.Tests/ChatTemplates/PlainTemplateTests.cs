using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class PlainTemplateTests
{
    readonly PlainTemplate _template = new();

    [Fact]
    public void OneLabelledLinePerMessage()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst], addGenerationPrompt: false),
            T("System: "), S("Be kind."), T("\nUser: "), U("Hi there"), T("\nAssistant: "), A("Hello!"), T("\n"));
    }

    [Fact]
    public void GenerationPromptIsTheAssistantLabelWithoutItsSpace()
    {
        ChatAssert.Rendered(_template.Render([Usr, Asst, Usr2], addGenerationPrompt: true),
            T("User: "), U("Hi there"), T("\nAssistant: "), A("Hello!"), T("\nUser: "), U("More?"), T("\nAssistant:"));
    }

    [Fact]
    public void PersonasAreLabelledByNameAndNarrationIsNot()
    {
        var chat = _template.Render([new ChatMessage(Role.Narration, "The ship rocked."), new ChatMessage(Role.Persona("Captain"), "Hold fast!")], false);

        ChatAssert.Rendered(chat,
            (Role.Narration, "The ship rocked."), T("\nCaptain: "), (Role.Persona("Captain"), "Hold fast!"), T("\n"));
    }
}
