using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class ChatMlTemplateTests
{
    readonly ChatMlTemplate _template = new();

    [Fact]
    public void RendersSystemUserAssistant()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst], addGenerationPrompt: false),
            T("<|im_start|>system\n"), S("Be kind."),
            T("<|im_end|>\n<|im_start|>user\n"), U("Hi there"),
            T("<|im_end|>\n<|im_start|>assistant\n"), A("Hello!"), T("<|im_end|>\n"));
    }

    [Fact]
    public void GenerationPromptOpensAnAssistantTurn()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr], addGenerationPrompt: true),
            T("<|im_start|>system\n"), S("Be kind."),
            T("<|im_end|>\n<|im_start|>user\n"), U("Hi there"),
            T("<|im_end|>\n<|im_start|>assistant\n"));
    }

    [Fact]
    public void TwoMessagesWithoutSystemAndContentKeptAsIs()
    {
        ChatAssert.Rendered(_template.Render([ChatMessage.User(" Hi\n"), Asst], addGenerationPrompt: false),
            T("<|im_start|>user\n"), U(" Hi\n"), T("<|im_end|>\n<|im_start|>assistant\n"), A("Hello!"), T("<|im_end|>\n"));
    }

    [Fact]
    public void QwenDefaultSystemPromptIsInsertedOnlyWithoutASystemMessage()
    {
        var qwen = new ChatMlTemplate("You are a helpful assistant.");

        ChatAssert.Rendered(qwen.Render([Usr], addGenerationPrompt: true),
            T("<|im_start|>system\n"), S("You are a helpful assistant."),
            T("<|im_end|>\n<|im_start|>user\n"), U("Hi there"), T("<|im_end|>\n<|im_start|>assistant\n"));
        Assert.Equal(_template.Render([Sys, Usr], false), qwen.Render([Sys, Usr], false), RenderedChatComparer.Instance);
    }

    [Fact]
    public void RefusesRolesThatAreNotChatRoles()
    {
        Assert.Throws<ArgumentException>(() => _template.Render([new ChatMessage(Role.Narration, "Once")], false));
    }
}

/// <summary>RenderedChat holds a list, so records compare it by reference; compare contents.</summary>
public sealed class RenderedChatComparer : IEqualityComparer<RenderedChat>
{
    public static RenderedChatComparer Instance { get; } = new();
    public bool Equals(RenderedChat? x, RenderedChat? y) =>
        x is not null && y is not null && x.Text == y.Text && x.Spans.SequenceEqual(y.Spans);
    public int GetHashCode(RenderedChat obj) => obj.Text.GetHashCode();
}
