namespace ShoggothLens.Workbench.Models;

/// <summary>A continuation: the prompt's ids, the generated ids, and their text when a tokenizer was at hand.</summary>
public sealed record GenerateResult(long[] PromptIds, IReadOnlyList<long> Generated, string? Text);
