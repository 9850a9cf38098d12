namespace ShoggothLens.Models.Replies;

/// <summary>How a model answers a conversation when its Assistant turns are generated rather than read.</summary>
/// <param name="MaxNewTokens">Tokens per reply at most (the end-of-turn token included).</param>
/// <param name="Temperature">0: greedy; above 0: sampling from softmax(logits / T).</param>
/// <param name="Seed">Sampling seed; each reply draws from its own stream, derived from this seed and the reply's place in the corpus.</param>
/// <param name="BatchSize">Conversations answered together (left-padded batches).</param>
public sealed record ReplySettings(int MaxNewTokens = 96, double Temperature = 0, int Seed = 0, int BatchSize = 32);
