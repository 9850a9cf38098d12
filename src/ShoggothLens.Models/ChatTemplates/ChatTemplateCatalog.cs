using ShoggothLens.Models.Tokenization;

namespace ShoggothLens.Models.ChatTemplates;

/// <summary>The chat templates by name, and a best guess for a model directory.</summary>
public static class ChatTemplateCatalog
{
    static readonly IChatTemplate[] All =
        [new ChatMlTemplate(), new Llama3Template(), new Llama2Template(), new MistralTemplate(), new GemmaTemplate(), new PlainTemplate()];

    /// <summary>"chatml", "llama3", "llama2", "mistral", "gemma", "plain".</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(t => t.Name).ToArray();

    /// <exception cref="ArgumentException">No template has that name.</exception>
    public static IChatTemplate ByName(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown chat template '{name}' (known: {string.Join(", ", Names)})", nameof(name));

    /// <summary>
    /// The template a Hugging Face Jinja chat_template most likely is, by its marker tokens:
    /// <c>&lt;|im_start|&gt;</c> ChatML, <c>&lt;|start_header_id|&gt;</c> Llama 3, <c>&lt;start_of_turn&gt;</c>
    /// Gemma, <c>[INST]</c> Llama 2 (with <c>&lt;&lt;SYS&gt;&gt;</c>) or Mistral; anything else, plain.
    /// </summary>
    public static IChatTemplate GuessFromJinja(string? chatTemplate)
    {
        string jinja = chatTemplate ?? "";
        string name =
            jinja.Contains("<|im_start|>", StringComparison.Ordinal) ? "chatml"
            : jinja.Contains("<|start_header_id|>", StringComparison.Ordinal) ? "llama3"
            : jinja.Contains("<start_of_turn>", StringComparison.Ordinal) ? "gemma"
            : jinja.Contains("[INST]", StringComparison.Ordinal) ? (jinja.Contains("<<SYS>>", StringComparison.Ordinal) ? "llama2" : "mistral")
            : "plain";
        return ByName(name);
    }

    /// <summary>Guesses from the chat_template of the directory's tokenizer_config.json (plain if there is none).</summary>
    /// <exception cref="Core.Formats.InvalidInputFileException">tokenizer_config.json is malformed.</exception>
    public static IChatTemplate GuessFromModelDirectory(string directory) =>
        GuessFromJinja(TokenizerConfig.Read(directory).ChatTemplate);
}
