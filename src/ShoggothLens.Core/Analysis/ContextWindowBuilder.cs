using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Builds context windows for chosen (feature, token) examples in a second, targeted pass over the store:
/// <see cref="Request"/> every example, <see cref="Freeze"/>, read the tokens of <see cref="Ranges"/> in
/// order and give each to <see cref="Add"/> with the SAE's dense code, then take the windows. A window is
/// the qualifying token with up to <c>before</c> tokens before it and <c>after</c> after it, cut at the
/// document's ends (a document's tokens are contiguous in the store, with consecutive positions).
/// Memory: (before + after + 1) floats per request, plus ≈ 18 bytes per token of the ranges.
/// </summary>
public sealed class ContextWindowBuilder
{
    readonly long _storeTokens;
    readonly int _before, _after, _span;
    readonly List<(int Feature, long Token, float Activation)> _requests = [];
    long[] _centers = [];
    int[] _byCenter = [];
    long[] _rangeStarts = [], _rangeEnds = [];
    long[] _rangeOffsets = [];
    float[] _activations = [];
    int[] _tokenIds = [];
    ushort[] _roleIds = [];
    long[] _documents = [];
    int[] _positions = [];
    bool[] _seen = [];
    bool _frozen;

    public ContextWindowBuilder(long storeTokens, int before, int after)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(before);
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        _storeTokens = storeTokens;
        _before = before;
        _after = after;
        _span = before + after + 1;
    }

    public int Count => _requests.Count;

    /// <summary>Asks for the window of <paramref name="feature"/> around store token <paramref name="token"/>, whose
    /// activation (from the first pass) is <paramref name="activation"/>; returns the request's id.</summary>
    public int Request(int feature, long token, float activation)
    {
        if (_frozen) throw new InvalidOperationException("requests are closed");
        ArgumentOutOfRangeException.ThrowIfNegative(token);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(token, _storeTokens);
        _requests.Add((feature, token, activation));
        return _requests.Count - 1;
    }

    /// <summary>Closes the requests and allocates the buffers.</summary>
    public void Freeze()
    {
        _frozen = true;
        int n = _requests.Count;
        _centers = new long[n];
        _byCenter = new int[n];
        for (int i = 0; i < n; i++) { _centers[i] = _requests[i].Token; _byCenter[i] = i; }
        Array.Sort(_centers, _byCenter);
        var starts = new List<long>();
        var ends = new List<long>();
        foreach (long c in _centers)
        {
            long s = Math.Max(0, c - _before), e = Math.Min(_storeTokens, c + _after + 1);
            if (ends.Count > 0 && s <= ends[^1]) ends[^1] = Math.Max(ends[^1], e);
            else { starts.Add(s); ends.Add(e); }
        }
        _rangeStarts = [.. starts];
        _rangeEnds = [.. ends];
        _rangeOffsets = new long[starts.Count + 1];
        for (int i = 0; i < starts.Count; i++) _rangeOffsets[i + 1] = _rangeOffsets[i] + (_rangeEnds[i] - _rangeStarts[i]);
        long tokens = _rangeOffsets[^1];
        _tokenIds = new int[tokens];
        _roleIds = new ushort[tokens];
        _documents = new long[tokens];
        _positions = new int[tokens];
        _seen = new bool[tokens];
        _activations = new float[checked((long)n * _span)];
    }

    /// <summary>The store token ranges [Start, End) to read, in order and disjoint.</summary>
    public IReadOnlyList<(long Start, long End)> Ranges => _rangeStarts.Zip(_rangeEnds).ToList();

    /// <summary>Tokens in <see cref="Ranges"/>.</summary>
    public long RangeTokens => _rangeOffsets.Length == 0 ? 0 : _rangeOffsets[^1];

    long Slot(long token)
    {
        int lo = 0, hi = _rangeStarts.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_rangeStarts[mid] <= token) lo = mid;
            else hi = mid - 1;
        }
        if (_rangeStarts.Length == 0 || token < _rangeStarts[lo] || token >= _rangeEnds[lo]) return -1;
        return _rangeOffsets[lo] + (token - _rangeStarts[lo]);
    }

    /// <summary>One token of the ranges: its metadata and the SAE's dense code (one value per feature).</summary>
    public void Add(long token, int tokenId, int roleId, long document, int position, ReadOnlySpan<float> code)
    {
        long slot = Slot(token);
        if (slot < 0) throw new ArgumentOutOfRangeException(nameof(token), $"token {token} is in no requested range");
        _tokenIds[slot] = tokenId;
        _roleIds[slot] = checked((ushort)roleId);
        _documents[slot] = document;
        _positions[slot] = position;
        _seen[slot] = true;
        // Requests whose window [c − before, c + after] holds this token: centres in [token − after, token + before].
        int i = LowerBound(token - _after);
        for (; i < _centers.Length && _centers[i] <= token + _before; i++)
        {
            int r = _byCenter[i];
            _activations[(long)r * _span + (token - (_centers[i] - _before))] = code[_requests[r].Feature];
        }
    }

    int LowerBound(long value)
    {
        int lo = 0, hi = _centers.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_centers[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    bool SameRun(long slotA, long slotB) =>
        _documents[slotA] == _documents[slotB] && _positions[slotB] == _positions[slotA] + 1;

    /// <summary>The window of request <paramref name="request"/>; every token of its range must have been added.</summary>
    public ContextWindow Window(int request, IReadOnlyList<Role> roles, Func<int, string> tokenString)
    {
        var (_, center, activation) = _requests[request];
        long c = Slot(center);
        if (c < 0 || !_seen[c]) throw new InvalidOperationException($"token {center} was not read");
        long lo = center, hi = center;
        while (lo - 1 >= Math.Max(0, center - _before) && Slot(lo - 1) is var s && s >= 0 && _seen[s] && SameRun(s, s + 1)) lo--;
        while (hi + 1 < Math.Min(_storeTokens, center + _after + 1) && Slot(hi + 1) is var s && s >= 0 && _seen[s] && SameRun(s - 1, s)) hi++;
        int length = (int)(hi - lo + 1);
        var ids = new int[length];
        var strings = new string[length];
        var acts = new float[length];
        var roleNames = new string[length];
        for (int i = 0; i < length; i++)
        {
            long slot = Slot(lo + i);
            ids[i] = _tokenIds[slot];
            strings[i] = tokenString(ids[i]);
            roleNames[i] = roles[_roleIds[slot]].ToString();
            acts[i] = _activations[(long)request * _span + (lo + i - (center - _before))];
        }
        return new ContextWindow(_documents[c], _positions[c], (int)(center - lo), strings, ids, acts, roleNames, activation);
    }
}
