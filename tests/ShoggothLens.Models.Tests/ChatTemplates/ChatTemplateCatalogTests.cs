using ShoggothLens.Core.Formats;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tests.Fixtures;

namespace ShoggothLens.Models.Tests.ChatTemplates;

public class ChatTemplateCatalogTests
{
    [Theory]
    [InlineData("chatml", typeof(ChatMlTemplate))]
    [InlineData("llama3", typeof(Llama3Template))]
    [InlineData("llama2", typeof(Llama2Template))]
    [InlineData("mistral", typeof(MistralTemplate))]
    [InlineData("gemma", typeof(GemmaTemplate))]
    [InlineData("plain", typeof(PlainTemplate))]
    [InlineData("ChatML", typeof(ChatMlTemplate))]
    public void FindsTemplatesByName(string name, Type type)
    {
        var template = ChatTemplateCatalog.ByName(name);

        Assert.IsType(type, template);
        Assert.Equal(name.ToLowerInvariant(), template.Name);
    }

    [Fact]
    public void UnknownNameListsTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ChatTemplateCatalog.ByName("vicuna"));
        Assert.Contains("chatml, llama3, llama2, mistral, gemma, plain", e.Message);
    }

    [Theory]
    [InlineData("{% for m in messages %}{{'<|im_start|>' + m['role'] + '\\n'}}{% endfor %}", "chatml")]
    [InlineData("{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}", "llama3")]
    [InlineData("{{ '<start_of_turn>' + role + '\\n' }}", "gemma")]
    [InlineData("{{ bos_token + '[INST] ' + '<<SYS>>\\n' + system_message }}", "llama2")]
    [InlineData("{{ bos_token }}{{ '[INST] ' + message['content'] + '[/INST]' }}", "mistral")]
    [InlineData("{{ message['content'] }}", "plain")]
    [InlineData(null, "plain")]
    public void GuessesFromJinjaMarkers(string? jinja, string expected)
    {
        Assert.Equal(expected, ChatTemplateCatalog.GuessFromJinja(jinja).Name);
    }

    [Fact]
    public void GuessesFromAModelDirectoryTokenizerConfig()
    {
        using var dir = new TempDirectory();
        Assert.Equal("plain", ChatTemplateCatalog.GuessFromModelDirectory(dir.Path).Name);

        dir.Write("tokenizer_config.json", """{"chat_template": "{{ '<|im_start|>' }}", "eos_token": "<|im_end|>"}""");
        Assert.Equal("chatml", ChatTemplateCatalog.GuessFromModelDirectory(dir.Path).Name);

        dir.Write("tokenizer_config.json", """{"chat_template": [{"name": "tool_use", "template": "[INST]"}, {"name": "default", "template": "<start_of_turn>"}]}""");
        Assert.Equal("gemma", ChatTemplateCatalog.GuessFromModelDirectory(dir.Path).Name);
    }

    [Fact]
    public void MalformedTokenizerConfigIsNamed()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("tokenizer_config.json", "{\"chat_template\": ");

        var e = Assert.Throws<InvalidInputFileException>(() => ChatTemplateCatalog.GuessFromModelDirectory(dir.Path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("malformed JSON", e.Problem);
    }
}
