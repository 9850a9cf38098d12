using System.Globalization;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Analysis;

/// <summary>
/// Per-role sums of the raw residual-stream vectors (the store's activations, before the SAE), exact and
/// independent of the order of tokens (<see cref="ExactSum"/>, so shards merge to the unsharded sums), from which
/// the persona vectors follow (DESIGN.md: contrastive mean differences between roles). Memory:
/// roles × d_model × 32 bytes.
/// </summary>
public sealed class RoleMeans
{
    readonly IReadOnlyList<Role> _roles;
    readonly int _dModel;
    readonly ExactSum[] _sums;
    readonly long[] _counts;

    public RoleMeans(IReadOnlyList<Role> roles, int dModel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dModel, 1);
        _roles = roles;
        _dModel = dModel;
        _sums = new ExactSum[checked(roles.Count * dModel)];
        _counts = new long[roles.Count];
    }

    public void Add(int roleId, ReadOnlySpan<float> row)
    {
        if (row.Length != _dModel) throw new ArgumentException($"expected {_dModel} values, got {row.Length}");
        var sums = _sums.AsSpan(roleId * _dModel, _dModel);
        for (int i = 0; i < sums.Length; i++) sums[i].Add(row[i]);
        _counts[roleId]++;
    }

    /// <summary>Adds the sums of another instance over the same roles (the next shard of the tokens).</summary>
    public void Append(RoleMeans next)
    {
        if (next._dModel != _dModel || !next._roles.SequenceEqual(_roles)) throw new ArgumentException("the role means were built for other roles or widths");
        for (int i = 0; i < _sums.Length; i++) _sums[i].Add(next._sums[i]);
        for (int r = 0; r < _counts.Length; r++) _counts[r] += next._counts[r];
    }

    /// <summary>Mean over the tokens of every role of <paramref name="kind"/> (and name), or null without tokens.</summary>
    double[]? Mean(Func<Role, bool> selects, out long tokens)
    {
        var mean = new double[_dModel];
        tokens = 0;
        for (int r = 0; r < _roles.Count; r++)
        {
            if (!selects(_roles[r])) continue;
            tokens += _counts[r];
            var sums = _sums.AsSpan(r * _dModel, _dModel);
            for (int i = 0; i < _dModel; i++) mean[i] += sums[i].Value;
        }
        if (tokens == 0) return null;
        for (int i = 0; i < _dModel; i++) mean[i] /= tokens;
        return mean;
    }

    /// <summary>
    /// For every Persona(p) role and for Narration with tokens: mean(role) − mean(Assistant), in role-table
    /// order. Empty when the store has no Assistant tokens.
    /// </summary>
    public IReadOnlyList<PersonaVector> Vectors()
    {
        var result = new List<PersonaVector>();
        var assistant = Mean(r => r.Kind == RoleKind.Assistant, out long assistantTokens);
        if (assistant is null) return result;
        foreach (var role in _roles.Where(r => r.IsOutsideAssistant).Distinct())
        {
            var mean = Mean(r => r == role, out long tokens);
            if (mean is null) continue;
            var vector = new float[_dModel];
            for (int i = 0; i < _dModel; i++) vector[i] = (float)(mean[i] - assistant[i]);
            result.Add(new PersonaVector(role.Kind == RoleKind.Persona ? role.PersonaName! : role.ToString(), role.ToString(), tokens, assistantTokens, vector));
        }
        return result;
    }

    /// <summary>cos(a, b) in double; 0 when either vector is zero.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++) { dot += (double)a[i] * b[i]; na += (double)a[i] * a[i]; nb += (double)b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>The cosine of a decoder row with every persona vector, in the vectors' order.</summary>
    public static List<PersonaCosine> Cosines(ReadOnlySpan<float> decoderRow, IReadOnlyList<PersonaVector> vectors)
    {
        var result = new List<PersonaCosine>(vectors.Count);
        foreach (var v in vectors) result.Add(new PersonaCosine(v.Persona, Cosine(decoderRow, v.Vector)));
        return result;
    }

    internal void Save(BinaryWriter writer)
    {
        ExactSum.WriteArray(writer, _sums);
        StateIO.WriteArray<long>(writer, _counts);
    }

    internal void Load(BinaryReader reader)
    {
        ExactSum.ReadInto(reader, _sums);
        StateIO.ReadInto<long>(reader, _counts);
    }
}
