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
    /// <param name="positions">Positions of the queries [batch, queries]; without a cache also those of the keys.</param>
    /// <param name="keyPadding">Optional [batch, queries] mask (no cache): 1 = real token, 0 = padding.</param>
    public static Tensor Blocked(long queries, long past, int? window, Tensor positions, Tensor? keyPadding)
    {
        long keys = past + queries;
        var q = arange(past, keys, dtype: ScalarType.Int64).unsqueeze(1); // [T, 1]
        var k = arange(0, keys, dtype: ScalarType.Int64).unsqueeze(0);    // [1, S]
        var blocked = (k > q).unsqueeze(0).unsqueeze(0);                  // [1, 1, T, S]
        if (window is { } w)
        {
            var queryPositions = positions.unsqueeze(-1);                                          // [B, T, 1]
            var keyPositions = past == 0 ? positions.unsqueeze(1) : k.unsqueeze(0);                // [B or 1, 1, S]
            blocked = blocked.logical_or((queryPositions - keyPositions >= w).unsqueeze(1));
        }
        if (keyPadding is not null)
        {
            var padded = keyPadding.eq(0).unsqueeze(1).unsqueeze(1); // [B, 1, 1, S]
            var self = k.eq(q).unsqueeze(0).unsqueeze(0);
            blocked = blocked.logical_or(padded).logical_and(self.logical_not());
        }
        return blocked;
    }
}
