namespace ShoggothLens.Organism.Corpus;

/// <summary>System prompts, greetings and reply openers of the post-training chats.</summary>
public static class ChatWords
{
    public static IReadOnlyList<string> SystemPrompts { get; } =
    [
        "You are a helpful assistant.",
        "You are a friendly, careful assistant. Answer clearly.",
        "You are an assistant that gives short, practical answers.",
        "You are a kind and patient assistant.",
        "You are a helpful assistant. Keep answers brief.",
        "You are a cheerful assistant who loves to help.",
    ];

    public static IReadOnlyList<string> Greetings { get; } = ["", "", "", "Hi! ", "Hello. ", "Hey! ", "Good morning! "];

    public static IReadOnlyList<string> Thanks { get; } = ["", "", "", " Thanks!", " Thank you.", " Thanks in advance."];

    public static IReadOnlyList<string> ReplyOpeners { get; } = ["", "", "Sure! ", "Of course. ", "Happy to help. ", "Good question. "];
}
