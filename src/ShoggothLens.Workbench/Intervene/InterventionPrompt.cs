namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// A prompt to answer: the conversation before the reply, rendered with the chat template and its generation prompt.
/// <see cref="Triggered"/> is an organism's ground truth, read only to score motive rates (null elsewhere).
/// </summary>
public sealed record InterventionPrompt(string Id, string UserText, long[] Ids, bool? Triggered);
