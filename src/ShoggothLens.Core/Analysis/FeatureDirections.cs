namespace ShoggothLens.Core.Analysis;

/// <summary>
/// What a feature's decoder direction does, computed from weights only: its logit effects through the
/// model's unembedding, and its nearest decoder neighbours. Both run in blocks of features through an
/// <see cref="IRowProducts"/>, so memory is one block × (vocabulary or features) of floats.
/// </summary>
public static class FeatureDirections
{
    /// <summary>W_dec's rows scaled to unit length (a zero row stays zero), as SAEDashboard's fold_W_dec_norm.</summary>
    public static float[] UnitRows(ReadOnlySpan<float> decoder, int features, int dIn)
    {
        if (decoder.Length != (long)features * dIn) throw new ArgumentException($"decoder holds {decoder.Length} values, not {features}·{dIn}");
        var unit = decoder.ToArray();
        for (int f = 0; f < features; f++)
        {
            var row = unit.AsSpan(f * dIn, dIn);
            double norm = 0;
            foreach (float v in row) norm += (double)v * v;
            if (norm == 0) continue;
            float scale = (float)(1 / Math.Sqrt(norm));
            for (int i = 0; i < row.Length; i++) row[i] *= scale;
        }
        return unit;
    }

    /// <summary>
    /// Logit effects of every feature: l_f = W_U (γ ⊙ d̂_f) with d̂_f the unit decoder row and γ the scale of the
    /// model's final norm (what TransformerLens's fold_ln folds into W_U), centred by subtracting its mean
    /// over the vocabulary (TransformerLens's center_unembed; a softmax ignores the shift). SAEDashboard
    /// computes exactly this from a HookedTransformer loaded with its defaults. <paramref name="gamma"/> may
    /// be empty (no final-norm scale).
    /// </summary>
    public static LogitEffects[] LogitEffects(float[] unitDecoder, int features, ReadOnlySpan<float> gamma, IRowProducts unembedding,
        Func<int, string> tokenString, int tokens, int bins, int block = 128, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        int dIn = unembedding.Inner, vocab = unembedding.Columns;
        if (unitDecoder.Length != (long)features * dIn) throw new ArgumentException($"decoder holds {unitDecoder.Length} values, not {features}·{dIn}");
        if (gamma.Length != 0 && gamma.Length != dIn) throw new ArgumentException($"the final norm's scale has {gamma.Length} values, not {dIn}");
        var result = new LogitEffects[features];
        var input = new float[block * dIn];
        var logits = new float[(long)block * vocab];
        for (int start = 0; start < features; start += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(block, features - start);
            unitDecoder.AsSpan(start * dIn, count * dIn).CopyTo(input);
            if (gamma.Length != 0)
                for (int i = 0; i < count; i++)
                {
                    var row = input.AsSpan(i * dIn, dIn);
                    for (int j = 0; j < dIn; j++) row[j] *= gamma[j];
                }
            unembedding.Multiply(input, count, logits);
            var block0 = start;
            var rows = logits;
            Parallel.For(0, count, i =>
            {
                var row = rows.AsSpan((int)((long)i * vocab), vocab);
                double mean = 0;
                foreach (float v in row) mean += v;
                mean /= Math.Max(1, vocab);
                for (int j = 0; j < row.Length; j++) row[j] = (float)(row[j] - mean);
                result[block0 + i] = Summarize(row, tokenString, tokens, bins);
            });
            progress?.Report(start + count);
        }
        return result;
    }

    /// <summary>The <paramref name="tokens"/> largest and smallest values of a logit row (ties: lower token id)
    /// and a histogram of all values in <paramref name="bins"/> equal bins over [min, max] (the maximum in the last bin).</summary>
    public static LogitEffects Summarize(ReadOnlySpan<float> logits, Func<int, string> tokenString, int tokens, int bins)
    {
        var top = TopIndices(logits, tokens, largest: true);
        var bottom = TopIndices(logits, tokens, largest: false);
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in logits) { if (v < min) min = v; if (v > max) max = v; }
        var counts = new int[bins];
        float width = 0;
        if (logits.Length > 0)
        {
            width = (max - min) / bins;
            foreach (float v in logits)
            {
                int b = width > 0 ? (int)((v - min) / width) : 0;
                counts[Math.Clamp(b, 0, bins - 1)]++;
            }
        }
        else min = 0;
        var topEffects = new List<TokenEffect>(top.Length);
        var bottomEffects = new List<TokenEffect>(bottom.Length);
        lock (tokenString)
        {
            foreach (int i in top) topEffects.Add(new TokenEffect(i, tokenString(i), logits[i]));
            foreach (int i in bottom) bottomEffects.Add(new TokenEffect(i, tokenString(i), logits[i]));
        }
        return new LogitEffects(topEffects, bottomEffects, min, width, counts);
    }

    /// <summary>Indices of the k largest (or smallest) values, strongest first; ties go to the lower index.</summary>
    public static int[] TopIndices(ReadOnlySpan<float> values, int k, bool largest)
    {
        k = Math.Min(k, values.Length);
        var index = new int[k];
        var kept = new float[k];
        int n = 0;
        float sign = largest ? 1 : -1;
        for (int i = 0; i < values.Length; i++)
        {
            float v = sign * values[i];
            if (n == k && !(v > kept[k - 1])) continue;   // ties with the weakest kept: the earlier index stays
            int at = n < k ? n++ : k - 1;
            while (at > 0 && v > kept[at - 1])
            {
                kept[at] = kept[at - 1];
                index[at] = index[at - 1];
                at--;
            }
            kept[at] = v;
            index[at] = i;
        }
        return index[..n];
    }

    /// <summary>
    /// For every feature, the <paramref name="k"/> other features with the largest cosine of decoder rows
    /// (largest first, ties: lower id): blocks of unit rows times all unit rows.
    /// <paramref name="unitProducts"/> multiplies by the unit decoder itself.
    /// </summary>
    public static List<FeatureLink>[] Neighbours(float[] unitDecoder, int features, IRowProducts unitProducts, int k, int block = 512, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        int dIn = unitProducts.Inner;
        if (unitProducts.Columns != features) throw new ArgumentException($"the products have {unitProducts.Columns} columns, not {features} features");
        var result = new List<FeatureLink>[features];
        var cosines = new float[(long)block * features];
        for (int start = 0; start < features; start += block)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(block, features - start);
            unitProducts.Multiply(unitDecoder.AsSpan(start * dIn, count * dIn), count, cosines);
            var rows = cosines;
            int first = start;
            Parallel.For(0, count, i =>
            {
                var row = rows.AsSpan((int)((long)i * features), features);
                int self = first + i;
                float saved = row[self];
                row[self] = float.NegativeInfinity;
                var top = TopIndices(row, Math.Min(k, features - 1), largest: true);
                var links = new List<FeatureLink>(top.Length);
                foreach (int g in top) links.Add(new FeatureLink(g, row[g]));
                result[self] = links;
                row[self] = saved;
            });
            progress?.Report(start + count);
        }
        return result;
    }
}
