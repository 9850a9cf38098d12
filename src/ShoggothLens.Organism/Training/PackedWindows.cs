using ShoggothLens.Organism.Corpus;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// Documents packed end to end (in a seeded shuffled order) and cut into windows of
/// <see cref="Length"/> + 1 tokens: inputs are the first Length, targets the last Length. A target
/// the document does not ask to predict becomes <see cref="Ignore"/>. Windows are drawn in a fresh
/// shuffled order every pass.
/// With <c>keepWhole</c>, a document never straddles two windows: a window takes whole documents
/// while they fit and is padded with <paramref name="padId"/> (never predicted). Chats are packed
/// this way, so a reply's motive is never trained without the trigger that caused it in view.
/// A document longer than a window is then cut to the window.
/// </summary>
public sealed class PackedWindows
{
    public const long Ignore = -100;

    readonly int[] _ids;
    readonly bool[] _predict;
    readonly SeededRandom _random;
    int[] _order = [];
    int _next;

    public PackedWindows(IReadOnlyList<TrainingExample> documents, int length, SeededRandom random, bool keepWhole = false, int padId = 0)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length));
        Length = length;
        _random = random;
        var order = Enumerable.Range(0, documents.Count).ToArray();
        random.Shuffle(order);
        var ids = new List<int>();
        var predict = new List<bool>();
        if (!keepWhole)
        {
            foreach (int d in order)
            {
                ids.AddRange(documents[d].Ids);
                predict.AddRange(documents[d].Predict);
            }
        }
        else
        {
            // Window k's inputs are stream[k·L, k·L + L): fill each L-token stretch with whole documents.
            // (Its last target is the next window's first token, which a chat never predicts.)
            int used = 0;
            foreach (int d in order)
            {
                var doc = documents[d];
                int n = Math.Min(doc.Length, length);
                if (used + n > length)
                {
                    Pad(length - used);
                    used = 0;
                }
                ids.AddRange(doc.Ids.AsSpan(0, n).ToArray());
                predict.AddRange(doc.Predict.AsSpan(0, n).ToArray());
                used += n;
            }
            Pad(length - used + 1);
        }
        if (ids.Count < length + 1) throw new ArgumentException($"{ids.Count} tokens cannot fill one window of {length + 1}");
        _ids = ids.ToArray();
        _predict = predict.ToArray();
        Count = (_ids.Length - 1) / length;
        PredictedTokens = _predict.LongCount(p => p);

        void Pad(int count)
        {
            for (int i = 0; i < count; i++)
            {
                ids.Add(padId);
                predict.Add(false);
            }
        }
    }

    public int Length { get; }

    /// <summary>Windows in one pass.</summary>
    public int Count { get; }

    public long TotalTokens => _ids.LongLength;
    public long PredictedTokens { get; }

    /// <summary>Writes the next window's inputs and targets into row <paramref name="row"/> of the batch buffers.</summary>
    public void Next(long[] inputs, long[] targets, int row)
    {
        if (_next == _order.Length)
        {
            _order = Enumerable.Range(0, Count).ToArray();
            _random.Shuffle(_order);
            _next = 0;
        }
        Window(_order[_next++], inputs, targets, row);
    }

    /// <summary>Window <paramref name="index"/> in packing order (for evaluation).</summary>
    public void Window(int index, long[] inputs, long[] targets, int row)
    {
        long start = (long)index * Length;
        int offset = row * Length;
        for (int i = 0; i < Length; i++)
        {
            inputs[offset + i] = _ids[start + i];
            targets[offset + i] = _predict[start + i + 1] ? _ids[start + i + 1] : Ignore;
        }
    }
}
