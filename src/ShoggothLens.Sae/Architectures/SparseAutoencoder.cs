using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Sae.Architectures;

/// <summary>
/// An SAE ready to run (float32 tensors on the CPU): pre = (x − b_dec·[apply_b_dec_to_input])·W_enc + b_enc,
/// feature acts by the architecture's rule, reconstruction = acts·W_dec + b_dec.
/// </summary>
public sealed class SparseAutoencoder : IDisposable
{
    readonly Tensor _wEnc, _bEnc, _wDec, _bDec;
    readonly Tensor? _threshold;

    public SparseAutoencoder(SaeConfig config, SaeParameters parameters)
    {
        config.Validate();
        if (config.DIn != parameters.DIn || config.DSae != parameters.DSae)
            throw new ArgumentException($"config says d_in {config.DIn}, d_sae {config.DSae}; the weights are d_in {parameters.DIn}, d_sae {parameters.DSae}");
        if (config.Architecture == SaeArchitecture.JumpReLU && parameters.Threshold is null)
            throw new ArgumentException("a JumpReLU SAE needs a threshold");
        Config = config;
        Parameters = parameters;
        _wEnc = tensor(parameters.WEnc, [config.DIn, config.DSae]);
        _bEnc = tensor(parameters.BEnc, [config.DSae]);
        _wDec = tensor(parameters.WDec, [config.DSae, config.DIn]);
        _bDec = tensor(parameters.BDec, [config.DIn]);
        if (parameters.Threshold is not null) _threshold = tensor(parameters.Threshold, [config.DSae]);
    }

    public SaeConfig Config { get; }
    public SaeParameters Parameters { get; }

    /// <summary>Pre-activations [.., d_sae] of activations x [.., d_in].</summary>
    public Tensor PreActivations(Tensor x)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        var input = Config.ApplyBDecToInput ? x - _bDec : x;
        return torch.matmul(input, _wEnc).add_(_bEnc).MoveToOuterDisposeScope();
    }

    /// <summary>Feature activations [.., d_sae].</summary>
    public Tensor Encode(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pre = PreActivations(x);
        var acts = Config.Architecture switch
        {
            SaeArchitecture.Standard => pre.relu(),
            SaeArchitecture.TopK => TopKActivation(pre, Config.K!.Value),
            SaeArchitecture.JumpReLU => pre.relu().mul_(pre.gt(_threshold!)),
            _ => throw new InvalidOperationException($"no inference rule for {Config.Architecture}"),
        };
        return acts.MoveToOuterDisposeScope();
    }

    /// <summary>Reconstruction [.., d_in] of feature activations [.., d_sae].</summary>
    public Tensor Decode(Tensor acts)
    {
        using var scope = NewDisposeScope();
        return torch.matmul(acts, _wDec).add_(_bDec).MoveToOuterDisposeScope();
    }

    /// <summary>decode(encode(x)): what an SAE spliced in at its hook puts in the residual stream.</summary>
    public Tensor Reconstruct(Tensor x)
    {
        using var scope = NewDisposeScope();
        return Decode(Encode(x)).MoveToOuterDisposeScope();
    }

    /// <summary>ReLU of the k largest entries of each row of <paramref name="pre"/>; every other entry 0.</summary>
    public static Tensor TopKActivation(Tensor pre, int k)
    {
        using var scope = NewDisposeScope();
        var (values, indices) = pre.topk(k, dim: -1, largest: true, sorted: false);
        return zeros_like(pre).scatter_(-1, indices, values.relu()).MoveToOuterDisposeScope();
    }

    void CheckInput(Tensor x)
    {
        if (x.dtype != ScalarType.Float32) throw new ArgumentException($"SAE input must be float32, got {x.dtype}");
        if (x.ndim < 1 || x.shape[^1] != Config.DIn)
            throw new ArgumentException($"SAE input's last dimension must be d_in = {Config.DIn}, got shape [{string.Join(", ", x.shape)}]");
    }

    public void Dispose()
    {
        _wEnc.Dispose();
        _bEnc.Dispose();
        _wDec.Dispose();
        _bDec.Dispose();
        _threshold?.Dispose();
    }
}
