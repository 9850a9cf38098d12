using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class GemmaTemplateTests
{
    readonly GemmaTemplate _template = new();

    [Fact]
    public void FoldsTheSystemMessageIntoTheFirstUserTurn()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst], addGenerationPrompt: false),
            T("<bos><start_of_turn>user\n"), S("Be kind."), T("\n\n"), U("Hi there"),
            T("<end_of_turn>\n<start_of_turn>model\n"), A("Hello!"), T("<end_of_turn>\n"));
    }

    [Fact]
    public void GenerationPromptOpensAModelTurn()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr], addGenerationPrompt: true),
            T("<bos><start_of_turn>user\n"), S("Be kind."), T("\n\n"), U("Hi there"),
            T("<end_of_turn>\n<start_of_turn>model\n"));
    }

    [Fact]
    public void TwoMessagesWithTrimmedContent()
    {
        ChatAssert.Rendered(_template.Render([ChatMessage.User(" Hi there\n"), ChatMessage.Assistant("Hello! ")], false),
            T("<bos><start_of_turn>user\n"), U("Hi there"), T("<end_of_turn>\n<start_of_turn>model\n"), A("Hello!"), T("<end_of_turn>\n"));
    }

    [Fact]
    public void RolesMustAlternate()
    {
        Assert.Throws<ArgumentException>(() => _template.Render([Sys, Asst], false));
        Assert.Throws<ArgumentException>(() => _template.Render([Usr, Usr2], false));
    }
}
