namespace ShoggothLens.Models.Transformers.Generation;

/// <summary>Picks the next token from one position's logits: argmax at temperature 0, else softmax(logits/T) sampling.</summary>
public static class TokenSampler
{
    public static long Sample(ReadOnlySpan<float> logits, double temperature, Random random)
    {
        if (logits.Length == 0) throw new ArgumentException("no logits to sample from", nameof(logits));
        if (!(temperature >= 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be finite and ≥ 0");
        int best = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[best] || float.IsNaN(logits[best])) best = i;
        if (temperature == 0) return best;

        double max = logits[best];
        var weights = new double[logits.Length];
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            double w = float.IsNaN(logits[i]) ? 0 : Math.Exp((logits[i] - max) / temperature);
            weights[i] = w;
            sum += w;
        }
        double r = random.NextDouble() * sum;
        for (int i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return i;
        }
        return best;
    }
}
