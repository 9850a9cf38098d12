using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class Llama2TemplateTests
{
    readonly Llama2Template _template = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void FoldsTheSystemMessageIntoTheFirstInstBlock(bool addGenerationPrompt)
    {
        // Llama 2's template has no generation prompt: [/INST] already asks for the answer.
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst], addGenerationPrompt),
            T("<s>[INST] <<SYS>>\n"), S("Be kind."), T("\n<</SYS>>\n\n"), U("Hi there"),
            T(" [/INST] "), A("Hello!"), T(" </s>"));
    }

    [Fact]
    public void EveryUserTurnStartsWithBos()
    {
        ChatAssert.Rendered(_template.Render([Usr, Asst, Usr2], addGenerationPrompt: true),
            T("<s>[INST] "), U("Hi there"), T(" [/INST] "), A("Hello!"), T(" </s><s>[INST] "), U("More?"), T(" [/INST]"));
    }

    [Fact]
    public void StripsEachTurnIncludingTheSystemBlock()
    {
        var chat = _template.Render([ChatMessage.System(" sys "), ChatMessage.User(" hi "), ChatMessage.Assistant("\tok\n")], false);

        // content.strip() runs over "<<SYS>>\n sys \n<</SYS>>\n\n hi ": the system's own spaces stay.
        ChatAssert.Rendered(chat,
            T("<s>[INST] <<SYS>>\n"), S(" sys "), T("\n<</SYS>>\n\n"), U(" hi"), T(" [/INST] "), A("ok"), T(" </s>"));
    }

    [Fact]
    public void EmptyUserTurnAfterSystemLosesTheBlankLines()
    {
        ChatAssert.Rendered(_template.Render([Sys, ChatMessage.User("")], false),
            T("<s>[INST] <<SYS>>\n"), S("Be kind."), T("\n<</SYS>> [/INST]"));
    }

    [Fact]
    public void RolesMustAlternateStartingWithTheUser()
    {
        Assert.Throws<ArgumentException>(() => _template.Render([Asst, Usr], false));
        Assert.Throws<ArgumentException>(() => _template.Render([Usr, Usr2], false));
        Assert.Throws<ArgumentException>(() => _template.Render([Sys, Asst], false));
    }
}
