using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class MistralTemplateTests
{
    readonly MistralTemplate _template = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PutsTheSystemMessageInTheLastUserTurn(bool addGenerationPrompt)
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr], addGenerationPrompt),
            T("<s>[INST] "), S("Be kind."), T("\n\n"), U("Hi there"), T("[/INST]"));
    }

    [Fact]
    public void SystemMessageIsDroppedWhenTheAssistantSpeaksLast()
    {
        // As the v0.3 Jinja does: the system text joins only a user turn that is the last message.
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst], false),
            T("<s>[INST] "), U("Hi there"), T("[/INST] "), A("Hello!"), T("</s>"));
    }

    [Fact]
    public void MultiTurnHasOneBosAndNoSpaceBeforeTheClosingTags()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst, Usr2], true),
            T("<s>[INST] "), U("Hi there"), T("[/INST] "), A("Hello!"), T("</s>[INST] "),
            S("Be kind."), T("\n\n"), U("More?"), T("[/INST]"));
    }

    [Fact]
    public void TwoMessagesKeepContentUnstripped()
    {
        ChatAssert.Rendered(_template.Render([ChatMessage.User(" Hi "), Asst], false),
            T("<s>[INST] "), U(" Hi "), T("[/INST] "), A("Hello!"), T("</s>"));
    }

    [Fact]
    public void RolesMustAlternate()
    {
        Assert.Throws<ArgumentException>(() => _template.Render([Asst], false));
        Assert.Throws<ArgumentException>(() => _template.Render([Usr, Usr2], false));
    }
}
