namespace ShoggothLens.Workbench.Inspect;

/// <summary>Limits that keep one inspection short, so the server's single model is never held for long.</summary>
public sealed record InspectOptions
{
    /// <summary>Longest input in tokens (after the chat template); longer ones are refused with a message.</summary>
    public int MaxTokens { get; init; } = 512;

    /// <summary>Longest input in characters, checked before tokenizing (so a pasted book is refused at once).</summary>
    public int MaxCharacters { get; init; } = 16_000;

    /// <summary>Active features kept per token, strongest first.</summary>
    public int KeptPerToken { get; init; } = 64;

    /// <summary>How long a request waits for another inspection to finish before it is answered "busy".</summary>
    public TimeSpan BusyWait { get; init; } = TimeSpan.FromSeconds(2);
}
