using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Streaming per-feature statistics over tokens with sparse activations. Memory: per feature
/// 44 bytes per role (count, exact sum, maximum), the histogram, the top-N heap and at most MaxLeakDocuments leak documents;
/// plus 8 bytes per document seen (its label union and motive start). Activations ≤ 0 count as
/// "not firing". Tokens of one document must arrive contiguously (as every store reader gives them).
/// The result does not depend on the order of documents (ties among examples go to the lower token index).
/// Accumulators of consecutive token ranges merge into the accumulator of the whole range (<see cref="Append"/>).
/// </summary>
public sealed partial class FeatureAccumulator
{
    readonly int _features, _roleCount, _bins;
    readonly IReadOnlyList<Role> _roles;
    readonly IReadOnlyList<string> _labels;
    readonly FeatureAnalysisOptions _options;
    readonly long[] _roleTokens;
    readonly long[] _fires;
    readonly ExactSum[] _sums;
    readonly float[] _maxima;
    readonly int[] _histogram;
    readonly int[] _exponents;
    readonly PriorityQueue<Example, (float Activation, long Token)>?[] _top;
    readonly Dictionary<long, LeakAccumulator>?[] _leaks;
    readonly long[] _leakOverflow;
    readonly long[] _firstLeakDocument, _lastLeakDocument;
    readonly Dictionary<long, uint> _documentLabels = [];
    readonly Dictionary<long, int> _motiveStarts = [];
    readonly int _motiveBit;
    readonly int[] _denseIds;
    readonly float[] _denseValues;
    readonly IntervalSampler? _sampler;
    readonly CoActivationCounter? _coActivation;

    static readonly Comparer<(float Activation, long Token)> WorstFirst = Comparer<(float Activation, long Token)>.Create((a, b) =>
    {
        int c = a.Activation.CompareTo(b.Activation);
        return c != 0 ? c : b.Token.CompareTo(a.Token);
    });

    readonly record struct Example(long Token, long Document, int Position, int RoleId, float Activation);

    sealed class LeakAccumulator
    {
        public int Firings;
        public float Max;
        public int FirstPosition = int.MaxValue;
        /// <summary>The document's first leaking token (orders the documents when shards merge).</summary>
        public long FirstToken = long.MaxValue;
    }

    /// <param name="withSamples">Also keep the interval groups' samples (<see cref="IntervalSampler"/>) and the
    /// co-activation counts (<see cref="CoActivationCounter"/>); off for a pass that only needs the scores.</param>
    public FeatureAccumulator(int features, IReadOnlyList<Role> roles, IReadOnlyList<string> labels, FeatureAnalysisOptions? options = null, bool withSamples = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        _options = options ?? new FeatureAnalysisOptions();
        _options.Validate();
        _features = features;
        _roles = roles;
        _labels = labels;
        _roleCount = roles.Count;
        _bins = _options.HistogramBins;
        _roleTokens = new long[_roleCount];
        _fires = new long[checked(features * _roleCount)];
        _sums = new ExactSum[_fires.Length];
        _maxima = new float[_fires.Length];
        _histogram = new int[checked(features * _bins)];
        _exponents = new int[features];
        Array.Fill(_exponents, DoublingHistogram.MinExponent);
        _top = new PriorityQueue<Example, (float, long)>?[features];
        _leaks = new Dictionary<long, LeakAccumulator>?[features];
        _leakOverflow = new long[features];
        _firstLeakDocument = new long[features];
        _lastLeakDocument = new long[features];
        Array.Fill(_firstLeakDocument, -1);
        Array.Fill(_lastLeakDocument, -1);
        _motiveBit = -1;
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] == _options.MotiveLabel) _motiveBit = i;
        _denseIds = new int[features];
        _denseValues = new float[features];
        if (withSamples)
        {
            _sampler = new IntervalSampler(features, _bins, _options.QuantileExamples, _options.QuantileSeed);
            _coActivation = new CoActivationCounter(features, _options.CoActivationTopM, _options.CoActivationCapacity);
        }
    }

    public FeatureAnalysisOptions Options => _options;
    public IReadOnlyList<Role> Roles => _roles;
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Co-activation counts; null when constructed without samples.</summary>
    public CoActivationCounter? CoActivation => _coActivation;

    public int Features => _features;
    public long Tokens { get; private set; }

    /// <summary>Adds one token with a dense activation vector (length = features).</summary>
    public void AddDense(in TokenMeta token, ReadOnlySpan<float> activations)
    {
        if (activations.Length != _features) throw new ArgumentException($"expected {_features} activations, got {activations.Length}");
        int n = 0;
        for (int f = 0; f < activations.Length; f++)
        {
            if (activations[f] > 0)
            {
                _denseIds[n] = f;
                _denseValues[n++] = activations[f];
            }
        }
        Add(token, _denseIds.AsSpan(0, n), _denseValues.AsSpan(0, n));
    }

    /// <summary>Adds one token with its non-zero activations (feature ids, each at most once).</summary>
    public void Add(in TokenMeta token, ReadOnlySpan<int> features, ReadOnlySpan<float> values)
    {
        if (features.Length != values.Length) throw new ArgumentException("features and values differ in length");
        if ((uint)token.RoleId >= (uint)_roleCount) throw new ArgumentOutOfRangeException(nameof(token), $"role id {token.RoleId} is not in the role table");
        Tokens++;
        _roleTokens[token.RoleId]++;
        _documentLabels[token.Document] = _documentLabels.GetValueOrDefault(token.Document) | token.Labels;
        if (_motiveBit >= 0 && (token.Labels & (1u << _motiveBit)) != 0)
        {
            if (!_motiveStarts.TryGetValue(token.Document, out int start) || token.Position < start)
                _motiveStarts[token.Document] = token.Position;
        }
        bool assistant = _roles[token.RoleId].Kind == RoleKind.Assistant;
        for (int i = 0; i < features.Length; i++)
        {
            float v = values[i];
            if (!(v > 0)) continue;
            int f = features[i];
            if ((uint)f >= (uint)_features) throw new ArgumentOutOfRangeException(nameof(features), $"feature {f} is out of range");
            int cell = f * _roleCount + token.RoleId;
            _fires[cell]++;
            _sums[cell].Add(v);
            if (v > _maxima[cell]) _maxima[cell] = v;
            int exponent = _exponents[f];
            int widened = DoublingHistogram.Add(_histogram.AsSpan(f * _bins, _bins), exponent, v);
            _exponents[f] = widened;
            if (_sampler is not null)
            {
                _sampler.Widen(f, widened - exponent);
                _sampler.Add(f, DoublingHistogram.Bin(v, widened, _bins), token.Token, v);
            }
            AddExample(f, new Example(token.Token, token.Document, token.Position, token.RoleId, v));
            if (assistant) AddLeak(f, token, v);
        }
        _coActivation?.Add(features, values);
    }

    void AddExample(int f, in Example example)
    {
        int capacity = _options.TopExamples;
        if (capacity == 0) return;
        var heap = _top[f] ??= new PriorityQueue<Example, (float, long)>(capacity, WorstFirst);
        var key = (example.Activation, example.Token);
        if (heap.Count < capacity) heap.Enqueue(example, key);
        else if (heap.TryPeek(out _, out var worst) && WorstFirst.Compare(key, worst) > 0) heap.EnqueueDequeue(example, key);
    }

    void AddLeak(int f, in TokenMeta token, float v)
    {
        var documents = _leaks[f] ??= [];
        if (_firstLeakDocument[f] < 0) _firstLeakDocument[f] = token.Document;
        if (!documents.TryGetValue(token.Document, out var leak))
        {
            if (documents.Count >= _options.MaxLeakDocuments)
            {
                if (_lastLeakDocument[f] != token.Document) _leakOverflow[f]++;
                _lastLeakDocument[f] = token.Document;
                return;
            }
            documents[token.Document] = leak = new LeakAccumulator { FirstToken = token.Token };
        }
        _lastLeakDocument[f] = token.Document;
        leak.Firings++;
        if (v > leak.Max) leak.Max = v;
        if (token.Position < leak.FirstPosition) leak.FirstPosition = token.Position;
    }

    /// <summary>The feature's max-activating examples, strongest first (ties: the earlier token).</summary>
    public List<ActivationExample> TopExamples(int feature)
    {
        var examples = new List<ActivationExample>();
        if (_top[feature] is { } heap)
        {
            foreach (var (e, _) in heap.UnorderedItems)
                examples.Add(new ActivationExample(e.Token, e.Document, e.Position, _roles[e.RoleId].ToString(), e.Activation));
            examples.Sort((a, b) => a.Activation != b.Activation ? b.Activation.CompareTo(a.Activation) : a.Token.CompareTo(b.Token));
        }
        return examples;
    }

    /// <summary>The statistics and scores of one feature, from the tokens added so far.</summary>
    public FeatureStatistics Result(int feature)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feature);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(feature, _features);
        var byRole = new RoleStatistics[_roleCount];
        long firings = 0; var sum = new ExactSum(); float max = 0;
        for (int r = 0; r < _roleCount; r++)
        {
            int cell = feature * _roleCount + r;
            byRole[r] = new RoleStatistics(_roles[r].ToString(), _roleTokens[r], _fires[cell], _sums[cell].Value, _maxima[cell]);
            firings += _fires[cell];
            sum.Add(_sums[cell]);
            max = Math.Max(max, _maxima[cell]);
        }
        var overall = new RoleStatistics("All", Tokens, firings, sum.Value, max);
        var examples = TopExamples(feature);
        return new FeatureStatistics(feature, overall, byRole, _exponents[feature],
            _histogram.AsSpan(feature * _bins, _bins).ToArray(), examples, Scores(feature, byRole));
    }

    /// <summary>
    /// The interval groups of a feature (SAEDashboard's quantile groups): the histogram's used bins
    /// [0, U) (U = the highest non-empty bin + 1) are cut into at most QuantileGroups runs of ⌈U / groups⌉
    /// bins; each group is [Min, Max) in activation, Contains counts its tokens exactly (from the histogram),
    /// and Samples is a uniform sample of its tokens, strongest first. Empty groups are left out.
    /// </summary>
    public IReadOnlyList<(float Min, float Max, long Contains, List<IntervalSampler.Sample> Samples)> IntervalGroups(int feature)
    {
        var result = new List<(float, float, long, List<IntervalSampler.Sample>)>();
        var counts = _histogram.AsSpan(feature * _bins, _bins);
        int used = 0;
        for (int b = 0; b < _bins; b++) if (counts[b] > 0) used = b + 1;
        if (used == 0) return result;
        int per = (used + _options.QuantileGroups - 1) / _options.QuantileGroups;
        double width = Math.ScaleB(1.0, _exponents[feature]);
        for (int first = 0; first < used; first += per)
        {
            int end = Math.Min(used, first + per);
            long contains = 0;
            for (int b = first; b < end; b++) contains += counts[b];
            if (contains == 0) continue;
            var samples = _sampler?.Samples(feature, first, end) ?? [];
            samples.Sort(static (a, b) => a.Activation != b.Activation ? b.Activation.CompareTo(a.Activation) : a.Token.CompareTo(b.Token));
            result.Add(((float)(first * width), (float)((first + per) * width), contains, samples));
        }
        return result;
    }

    /// <summary>Writes the whole state (for a resumable pass); <see cref="Load"/> restores it into an accumulator
    /// constructed with the same arguments.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(_features);
        writer.Write(_roleCount);
        writer.Write(_bins);
        writer.Write(Tokens);
        StateIO.WriteArray<long>(writer, _roleTokens);
        StateIO.WriteArray<long>(writer, _fires);
        ExactSum.WriteArray(writer, _sums);
        StateIO.WriteArray<float>(writer, _maxima);
        StateIO.WriteArray<int>(writer, _histogram);
        StateIO.WriteArray<int>(writer, _exponents);
        StateIO.WriteArray<long>(writer, _leakOverflow);
        StateIO.WriteArray<long>(writer, _firstLeakDocument);
        StateIO.WriteArray<long>(writer, _lastLeakDocument);
        for (int f = 0; f < _features; f++)
        {
            var heap = _top[f];
            writer.Write(heap?.Count ?? -1);
            if (heap is not null)
                foreach (var (e, _) in heap.UnorderedItems.OrderBy(x => x.Element.Token))
                {
                    writer.Write(e.Token); writer.Write(e.Document); writer.Write(e.Position); writer.Write(e.RoleId); writer.Write(e.Activation);
                }
            var leaks = _leaks[f];
            writer.Write(leaks?.Count ?? -1);
            if (leaks is not null)
                foreach (var (doc, leak) in leaks.OrderBy(x => x.Key))
                {
                    writer.Write(doc); writer.Write(leak.Firings); writer.Write(leak.Max); writer.Write(leak.FirstPosition); writer.Write(leak.FirstToken);
                }
        }
        writer.Write(_documentLabels.Count);
        foreach (var (doc, bits) in _documentLabels.OrderBy(x => x.Key)) { writer.Write(doc); writer.Write(bits); }
        writer.Write(_motiveStarts.Count);
        foreach (var (doc, start) in _motiveStarts.OrderBy(x => x.Key)) { writer.Write(doc); writer.Write(start); }
        writer.Write(_sampler is not null);
        _sampler?.Save(writer);
        _coActivation?.Save(writer);
    }

    public void Load(BinaryReader reader)
    {
        if (reader.ReadInt32() != _features || reader.ReadInt32() != _roleCount || reader.ReadInt32() != _bins)
            throw new InvalidDataException("the checkpoint was written for another feature count, role table or histogram");
        Tokens = reader.ReadInt64();
        StateIO.ReadInto<long>(reader, _roleTokens);
        StateIO.ReadInto<long>(reader, _fires);
        ExactSum.ReadInto(reader, _sums);
        StateIO.ReadInto<float>(reader, _maxima);
        StateIO.ReadInto<int>(reader, _histogram);
        StateIO.ReadInto<int>(reader, _exponents);
        StateIO.ReadInto<long>(reader, _leakOverflow);
        StateIO.ReadInto<long>(reader, _firstLeakDocument);
        StateIO.ReadInto<long>(reader, _lastLeakDocument);
        for (int f = 0; f < _features; f++)
        {
            int examples = reader.ReadInt32();
            _top[f] = null;
            if (examples >= 0)
            {
                var heap = _top[f] = new PriorityQueue<Example, (float, long)>(Math.Max(1, _options.TopExamples), WorstFirst);
                for (int i = 0; i < examples; i++)
                {
                    var e = new Example(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadSingle());
                    heap.Enqueue(e, (e.Activation, e.Token));
                }
            }
            int leakCount = reader.ReadInt32();
            _leaks[f] = null;
            if (leakCount >= 0)
            {
                var documents = _leaks[f] = new Dictionary<long, LeakAccumulator>(leakCount);
                for (int i = 0; i < leakCount; i++)
                    documents[reader.ReadInt64()] = new LeakAccumulator { Firings = reader.ReadInt32(), Max = reader.ReadSingle(), FirstPosition = reader.ReadInt32(), FirstToken = reader.ReadInt64() };
            }
        }
        _documentLabels.Clear();
        for (int i = reader.ReadInt32(); i > 0; i--) _documentLabels[reader.ReadInt64()] = reader.ReadUInt32();
        _motiveStarts.Clear();
        for (int i = reader.ReadInt32(); i > 0; i--) _motiveStarts[reader.ReadInt64()] = reader.ReadInt32();
        if (reader.ReadBoolean() != (_sampler is not null)) throw new InvalidDataException("the checkpoint's accumulator was built with other sampling settings");
        _sampler?.Load(reader);
        _coActivation?.Load(reader);
    }

    public IEnumerable<FeatureStatistics> Results()
    {
        for (int f = 0; f < _features; f++) yield return Result(f);
    }

    FeatureScores Scores(int feature, RoleStatistics[] byRole)
    {
        long assistantTokens = 0, assistantFires = 0, outsideTokens = 0, outsideFires = 0;
        string? home = null; double homeFrequency = 0;
        for (int r = 0; r < _roleCount; r++)
        {
            var role = _roles[r];
            if (role.Kind == RoleKind.Assistant) { assistantTokens += byRole[r].Tokens; assistantFires += byRole[r].Firings; }
            if (role.IsOutsideAssistant) { outsideTokens += byRole[r].Tokens; outsideFires += byRole[r].Firings; }
            if (role.Kind == RoleKind.Persona && byRole[r].Firings > 0)
            {
                double frequency = byRole[r].Frequency;
                if (frequency > homeFrequency || (frequency == homeFrequency && string.CompareOrdinal(role.PersonaName, home) < 0))
                {
                    homeFrequency = frequency;
                    home = role.PersonaName;
                }
            }
        }
        double eps = _options.Epsilon;
        double fa = assistantTokens == 0 ? 0 : (double)assistantFires / assistantTokens;
        double fo = outsideTokens == 0 ? 0 : (double)outsideFires / outsideTokens;
        double affinity = Math.Log((fa + eps) / (fo + eps));
        bool personaAligned = affinity >= _options.Tau && assistantFires >= _options.MinAssistantFirings;
        bool outside = affinity <= -_options.Tau;
        double lower = WilsonBound.Lower(assistantFires, assistantTokens, WilsonBound.Z(_options.Confidence));
        double evidence = lower - _options.AssistantFloor;

        var leaks = new List<LeakDocument>();
        if (_leaks[feature] is { } documents)
        {
            foreach (var (doc, leak) in documents)
            {
                uint bits = _documentLabels.GetValueOrDefault(doc);
                var names = new List<string>();
                for (int b = 0; b < _labels.Count; b++)
                    if ((bits & (1u << b)) != 0) names.Add(_labels[b]);
                leaks.Add(new LeakDocument(doc, leak.Firings, leak.Max, leak.FirstPosition, names,
                    _motiveStarts.TryGetValue(doc, out int start) ? start : -1));
            }
            leaks.Sort((a, b) => a.Firings != b.Firings ? b.Firings.CompareTo(a.Firings) : a.Document.CompareTo(b.Document));
        }
        var shares = new List<LabelShare>();
        var shared = new List<string>();
        if (leaks.Count > 0)
        {
            foreach (string label in _labels)
            {
                int count = leaks.Count(l => l.Labels.Contains(label));
                if (count == 0) continue;
                double share = (double)count / leaks.Count;
                shares.Add(new LabelShare(label, count, share));
                if (share >= _options.SharedLabelShare && label != _options.MotiveLabel) shared.Add(label);
            }
        }
        return new FeatureScores(affinity, personaAligned, outside, home, lower, evidence,
            OutsideRoleLeak: outside && evidence > 0,
            LeakDocumentCount: leaks.Count + _leakOverflow[feature],
            leaks, shares, shared,
            LeaksWithMotive: leaks.Count(l => l.MotiveStart >= 0),
            LeaksFiringBeforeMotive: leaks.Count(l => l.FiresBeforeMotive));
    }
}
