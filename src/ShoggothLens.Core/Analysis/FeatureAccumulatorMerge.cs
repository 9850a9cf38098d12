namespace ShoggothLens.Core.Analysis;

public sealed partial class FeatureAccumulator
{
    /// <summary>
    /// Adds the state of <paramref name="next"/>, an accumulator of the tokens that follow this one's in store order
    /// (the next shard of a sharded analysis), so this one holds what one pass over both ranges holds: counts,
    /// sums (<see cref="ExactSum"/>), maxima, histograms, top examples (a total order: activation, then token),
    /// interval samples (bottom-k keys that depend only on seed, feature and token), document labels and motive
    /// starts are exact; leak documents keep the first <see cref="FeatureAnalysisOptions.MaxLeakDocuments"/> in store
    /// order, as one pass does, with a document cut by the shard boundary joined; co-activation counts merge within
    /// the bound of <see cref="CoActivationCounter.Merge"/> (exact while no partner table fills).
    /// <paramref name="next"/> is consumed (its histograms and samples are widened in place).
    /// </summary>
    public void Append(FeatureAccumulator next)
    {
        if (next._features != _features || next._roleCount != _roleCount || next._bins != _bins || next._options != _options
            || !next._roles.SequenceEqual(_roles) || !next._labels.SequenceEqual(_labels) || (next._sampler is null) != (_sampler is null))
            throw new ArgumentException("the accumulators were built for other features, roles, labels or options");
        Tokens += next.Tokens;
        for (int r = 0; r < _roleCount; r++) _roleTokens[r] += next._roleTokens[r];
        for (int cell = 0; cell < _fires.Length; cell++)
        {
            _fires[cell] += next._fires[cell];
            _sums[cell].Add(next._sums[cell]);
            _maxima[cell] = Math.Max(_maxima[cell], next._maxima[cell]);
        }
        for (int f = 0; f < _features; f++)
        {
            AppendHistogram(f, next);
            if (next._top[f] is { } heap)
                foreach (var (e, _) in heap.UnorderedItems) AddExample(f, e);
            AppendLeaks(f, next);
        }
        foreach (var (doc, bits) in next._documentLabels) _documentLabels[doc] = _documentLabels.GetValueOrDefault(doc) | bits;
        foreach (var (doc, start) in next._motiveStarts)
            if (!_motiveStarts.TryGetValue(doc, out int mine) || start < mine) _motiveStarts[doc] = start;
        if (_coActivation is not null) _coActivation.Merge(next._coActivation!);
    }

    /// <summary>Brings both histograms (and their samples) to the wider width, then adds the counts and merges the samples.</summary>
    void AppendHistogram(int f, FeatureAccumulator next)
    {
        int mine = _exponents[f], theirs = next._exponents[f], width = Math.Max(mine, theirs);
        var counts = _histogram.AsSpan(f * _bins, _bins);
        var other = next._histogram.AsSpan(f * _bins, _bins);
        DoublingHistogram.Widen(counts, width - mine);
        DoublingHistogram.Widen(other, width - theirs);
        for (int b = 0; b < _bins; b++) counts[b] += other[b];
        _exponents[f] = width;
        if (_sampler is null) return;
        _sampler.Widen(f, width - mine);
        next._sampler!.Widen(f, width - theirs);
        _sampler.Merge(f, next._sampler);
    }

    /// <summary>
    /// One pass keeps a feature's first MaxLeakDocuments leak documents and counts the rest: this one's documents come
    /// first, then next's in order of their first leaking token. A document cut by the boundary is this one's last leak
    /// document and next's first: its two parts join (or, when this one had already counted it as overflow, it is not
    /// counted again).
    /// </summary>
    void AppendLeaks(int f, FeatureAccumulator next)
    {
        long nextFirst = next._firstLeakDocument[f];
        if (nextFirst < 0) return;   // next has no leak for f
        var documents = _leaks[f] ??= [];
        bool cut = nextFirst == _lastLeakDocument[f];
        bool cutCountedAsOverflow = cut && !documents.ContainsKey(nextFirst);
        long overflow = _leakOverflow[f] + next._leakOverflow[f];
        if (next._leaks[f] is { } theirs)
            foreach (var (doc, leak) in theirs.OrderBy(p => p.Value.FirstToken))
            {
                if (documents.TryGetValue(doc, out var joined))
                {
                    joined.Firings += leak.Firings;
                    joined.Max = Math.Max(joined.Max, leak.Max);
                    joined.FirstPosition = Math.Min(joined.FirstPosition, leak.FirstPosition);
                    joined.FirstToken = Math.Min(joined.FirstToken, leak.FirstToken);
                }
                else if (documents.Count < _options.MaxLeakDocuments)
                    documents[doc] = new LeakAccumulator { Firings = leak.Firings, Max = leak.Max, FirstPosition = leak.FirstPosition, FirstToken = leak.FirstToken };
                else overflow++;
            }
        if (cutCountedAsOverflow) overflow--;
        _leakOverflow[f] = overflow;
        if (_firstLeakDocument[f] < 0) _firstLeakDocument[f] = nextFirst;
        _lastLeakDocument[f] = next._lastLeakDocument[f];
    }
}
