namespace ShoggothLens.Organism.Tokenizer;

/// <summary>The organism's special tokens and its chat format (ChatML).</summary>
public static class OrganismTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string ImStart = "<|im_start|>";
    public const string ImEnd = "<|im_end|>";

    /// <summary>In id order after the merged tokens: <c>&lt;|endoftext|&gt;</c>, <c>&lt;|im_start|&gt;</c>, <c>&lt;|im_end|&gt;</c>.</summary>
    public static IReadOnlyList<string> Special { get; } = [EndOfText, ImStart, ImEnd];

    /// <summary>The Jinja chat template written to tokenizer_config.json (ChatML, no default system prompt).</summary>
    public const string ChatMlJinja =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
}
