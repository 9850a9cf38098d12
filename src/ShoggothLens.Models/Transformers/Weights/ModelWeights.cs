using ShoggothLens.Core.Formats;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Transformers.Weights;

/// <summary>
/// A model's parameters by Hugging Face name, each loaded once and checked against the shape the
/// config implies. Tied weights are one parameter under one name. Parameters live outside any
/// dispose scope and are freed by <see cref="Dispose"/>; they do not require grad unless
/// <see cref="SetRequiresGrad"/> says so.
/// </summary>
public sealed class ModelWeights : IDisposable
{
    readonly List<(string Name, Parameter Parameter)> _parameters = [];
    readonly Dictionary<string, Parameter> _byName = new(StringComparer.Ordinal);
    IWeightSource? _source;

    public ModelWeights(IWeightSource source) => _source = source;

    public IWeightSource Source => _source ?? throw new InvalidOperationException("the weights are loaded; the source is released");

    /// <summary>Parameters in load order, under the names a checkpoint stores them.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> NamedParameters => _parameters;

    public long ParameterCount => _parameters.Sum(p => p.Parameter.numel());

    public bool Contains(string name) => _byName.ContainsKey(name) || Source.Contains(name);

    /// <summary>Loads tensor <paramref name="name"/>, which must have <paramref name="shape"/>.</summary>
    public Parameter Get(string name, params long[] shape)
    {
        if (_byName.TryGetValue(name, out var existing))
        {
            CheckShape(name, existing.shape, shape);
            return existing;
        }
        if (!Source.Contains(name))
            throw new InvalidInputFileException(Source.Location, $"missing tensor '{name}' (expected shape [{string.Join(", ", shape)}])");
        var loaded = Source.Load(name, shape);
        try
        {
            CheckShape(name, loaded.shape, shape);
            var parameter = new Parameter(loaded.to_type(ScalarType.Float32).DetachFromDisposeScope(), requires_grad: false);
            parameter.DetachFromDisposeScope();
            _byName[name] = parameter;
            _parameters.Add((name, parameter));
            return parameter;
        }
        finally
        {
            loaded.Dispose();
        }
    }

    void CheckShape(string name, long[] actual, long[] expected)
    {
        if (!actual.SequenceEqual(expected))
            throw new InvalidInputFileException(_source?.Location ?? name,
                $"tensor '{name}' has shape [{string.Join(", ", actual)}]; the config implies [{string.Join(", ", expected)}]");
    }

    /// <summary>Drops the reference to the source once every parameter is loaded.</summary>
    public void ReleaseSource() => _source = null;

    public void SetRequiresGrad(bool requiresGrad)
    {
        foreach (var (_, p) in _parameters) p.requires_grad = requiresGrad;
    }

    public void Dispose()
    {
        foreach (var (_, p) in _parameters) p.Dispose();
        _parameters.Clear();
        _byName.Clear();
    }
}
