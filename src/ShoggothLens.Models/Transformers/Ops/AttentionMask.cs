using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Ops;

/// <summary>
/// Boolean "blocked" masks [batch or 1, 1, queries, keys]: causal by index, within a sliding window
/// counted in positions (a query at position p sees keys at positions p − window &lt; q ≤ p, so left
/// padding does not shrink the window), and with padded keys blocked. A query always sees itself,
/// so a padded query's row is never empty.
/// </summary>
internal static class AttentionMask
{
    /// <param name="queries">Query count; queries sit at key indices past..past+queries−1.</param>
    /// <param name="past">Keys already cached before this pass.</param>
    /// <param name="window">Sliding window, or null for full causal attention.</param>
    /// <param name="queryPositions">Positions of the queries [batch, queries].</param>
    /// <param name="keyPositions">Positions of every key [batch, past + queries]; null: a key's position is its index.</param>
    /// <param name="keyPadding">Optional [batch, past + queries] mask over every key: 1 = real token, 0 = padding.</param>
    public static Tensor Blocked(long queries, long past, int? window, Tensor queryPositions, Tensor? keyPositions, Tensor? keyPadding)
    {
        long keys = past + queries;
        var q = arange(past, keys, dtype: ScalarType.Int64).unsqueeze(1); // [T, 1]
        var k = arange(0, keys, dtype: ScalarType.Int64).unsqueeze(0);    // [1, S]
        var blocked = (k > q).unsqueeze(0).unsqueeze(0);                  // [1, 1, T, S]
        if (window is { } w)
        {
            var queryPosition = queryPositions.unsqueeze(-1);                                      // [B, T, 1]
            var keyPosition = keyPositions is null ? k.unsqueeze(0) : keyPositions.unsqueeze(1);  // [B or 1, 1, S]
            using var width = w.ToScalar(); // held: see HeldScalars
            blocked = blocked.logical_or((queryPosition - keyPosition).ge(width).unsqueeze(1));
        }
        if (keyPadding is not null)
        {
            using var zero = 0.ToScalar(); // held: see HeldScalars
            var padded = keyPadding.eq(zero).unsqueeze(1).unsqueeze(1); // [B, 1, 1, S]
            var self = k.eq(q).unsqueeze(0).unsqueeze(0);
            blocked = blocked.logical_or(padded).logical_and(self.logical_not());
        }
        return blocked;
    }
}
