using ShoggothLens.Core.Roles;
using ShoggothLens.Models.ChatTemplates;
using static ShoggothLens.Models.Tests.ChatTemplates.ChatAssert;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class Llama3TemplateTests
{
    readonly Llama3Template _template = new();

    [Fact]
    public void RendersSystemUserAssistant()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr, Asst], addGenerationPrompt: false),
            T("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"), S("Be kind."),
            T("<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"), U("Hi there"),
            T("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"), A("Hello!"), T("<|eot_id|>"));
    }

    [Fact]
    public void GenerationPromptIsAnAssistantHeader()
    {
        ChatAssert.Rendered(_template.Render([Sys, Usr], addGenerationPrompt: true),
            T("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"), S("Be kind."),
            T("<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"), U("Hi there"),
            T("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"));
    }

    [Fact]
    public void TrimsContentAsTheJinjaTrimFilterDoes()
    {
        ChatAssert.Rendered(_template.Render([ChatMessage.User("  Hi there \n"), ChatMessage.Assistant("\nHello!")], addGenerationPrompt: false),
            T("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"), U("Hi there"),
            T("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"), A("Hello!"), T("<|eot_id|>"));
    }

    [Fact]
    public void EmptyConversationHasNoBos()
    {
        ChatAssert.Rendered(_template.Render([], addGenerationPrompt: true),
            T("<|start_header_id|>assistant<|end_header_id|>\n\n"));
    }

    [Fact]
    public void RefusesPersonaMessages()
    {
        Assert.Throws<ArgumentException>(() => _template.Render([new ChatMessage(Role.Persona("Pirate"), "Arr")], false));
    }
}
