using static TorchSharp.torch;

namespace ShoggothLens.Models.Hooks;

/// <summary>
/// What a forward pass should do at named hook points: record activations (detached copies that
/// outlive the pass, owned by this set until <see cref="Take"/>n or the set is disposed), replace
/// them with a function (applied in the order added; the result flows downstream), and optionally
/// stop once the last hook point in use has been reached, skipping later layers and the unembedding.
/// A recording captures the activation as it flows on, i.e. after any replacement at that point.
/// One set may serve many passes; each pass overwrites the previous recordings.
/// </summary>
public sealed class HookSet : IDisposable
{
    readonly List<string> _record = [];
    readonly List<(string Name, Func<Tensor, Tensor> Replacement)> _replace = [];
    readonly Dictionary<string, Tensor> _recorded = new(StringComparer.Ordinal);

    /// <summary>Record these hook points (names as in <see cref="HookPoint"/>).</summary>
    public HookSet Record(params string[] names) => Record((IEnumerable<string>)names);

    public HookSet Record(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            HookPoint.Parse(name);
            if (!_record.Contains(name)) _record.Add(name);
        }
        return this;
    }

    /// <summary>
    /// Replace the activation at <paramref name="name"/> by <paramref name="replacement"/>(activation).
    /// The function gets a tensor valid only during the call (clone it to keep it) and must return a
    /// tensor of the same shape; it may return its argument unchanged.
    /// </summary>
    public HookSet Replace(string name, Func<Tensor, Tensor> replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        HookPoint.Parse(name);
        _replace.Add((name, replacement));
        return this;
    }

    /// <summary>Stop the forward pass right after the last hook point this set uses; the pass then returns null.</summary>
    public bool StopEarly { get; set; }

    public HookSet StopAfterLastHook()
    {
        StopEarly = true;
        return this;
    }

    public IReadOnlyList<string> RecordedNames => _record;
    public IEnumerable<string> ReplacedNames => _replace.Select(r => r.Name).Distinct();
    internal IReadOnlyList<(string Name, Func<Tensor, Tensor> Replacement)> Replacements => _replace;

    /// <summary>Every hook point this set uses.</summary>
    public IEnumerable<string> Names => _record.Concat(ReplacedNames).Distinct();

    /// <summary>The recordings of the last pass; the tensors belong to this set.</summary>
    public IReadOnlyDictionary<string, Tensor> Recorded => _recorded;

    /// <summary>The recording at <paramref name="name"/> from the last pass (owned by this set).</summary>
    public Tensor this[string name] =>
        _recorded.TryGetValue(name, out var t)
            ? t
            : throw new KeyNotFoundException(_record.Contains(name)
                ? $"hook point '{name}' was not reached in the last forward pass"
                : $"hook point '{name}' is not recorded by this hook set (recorded: {string.Join(", ", _record)})");

    /// <summary>Hands the recording at <paramref name="name"/> to the caller, who disposes it.</summary>
    public Tensor Take(string name)
    {
        var t = this[name];
        _recorded.Remove(name);
        return t;
    }

    /// <summary>Blocks the last pass ran, in full or in part.</summary>
    public int BlocksRun { get; internal set; }

    /// <summary>Did the last pass reach the unembedding?</summary>
    public bool Unembedded { get; internal set; }

    /// <summary>Did the last pass stop early (and return null)?</summary>
    public bool Stopped { get; internal set; }

    internal void BeginPass()
    {
        ClearRecorded();
        BlocksRun = 0;
        Unembedded = false;
        Stopped = false;
    }

    internal void Store(string name, Tensor copy)
    {
        if (_recorded.Remove(name, out var old)) old.Dispose();
        _recorded[name] = copy;
    }

    /// <summary>Disposes the recordings of the last pass.</summary>
    public void ClearRecorded()
    {
        foreach (var t in _recorded.Values) t.Dispose();
        _recorded.Clear();
    }

    public void Dispose() => ClearRecorded();
}
