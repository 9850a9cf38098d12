using ShoggothLens.Sae.Backends.Torch;
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
        return torch.matmul(input, _wEnc).PlusInPlace(_bEnc).MoveToOuterDisposeScope();
    }

    /// <summary>Feature activations [.., d_sae].</summary>
    public Tensor Encode(Tensor x)
    {
        if (Config.Architecture == SaeArchitecture.TopK) return EncodeTopK(x, Config.K!.Value);
        using var scope = NewDisposeScope();
        var pre = PreActivations(x);
        var acts = Config.Architecture switch
        {
            SaeArchitecture.Standard => pre.relu(),
            SaeArchitecture.JumpReLU => pre.relu().mul_(pre.gt(_threshold!)),
            _ => throw new InvalidOperationException($"no inference rule for {Config.Architecture}"),
        };
        return acts.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// TopK: the encoder GEMM in libtorch, then each row's k largest pre-activations (bias added on the fly) picked
    /// by the trainer's <see cref="Backends.Torch.Sparse.RowTopK"/> and written, ReLU'd, into zeros. Equal to
    /// <see cref="TopKActivation"/> of <see cref="PreActivations"/> (up to which of exactly tied entries is kept);
    /// torch.topk's heap and the scatter were a fifth of the demo's analyze pass.
    /// </summary>
    unsafe Tensor EncodeTopK(Tensor x, int k)
    {
        CheckInput(x);
        using var scope = NewDisposeScope();
        long rows = x.numel() / Config.DIn;
        var leading = x.shape[..^1];
        if (rows == 0 || rows * k > int.MaxValue || x.device_type != DeviceType.CPU) return TopKActivation(PreActivations(x), k).MoveToOuterDisposeScope();
        var input = (Config.ApplyBDecToInput ? x - _bDec : x).reshape(rows, Config.DIn);
        var pre = torch.matmul(input, _wEnc).contiguous();
        var acts = zeros(rows, Config.DSae);
        var latents = new int[rows * k];
        var values = new float[rows * k];
        float* prePtr = Backends.Torch.Sparse.TensorMemory.Floats(pre), actsPtr = Backends.Torch.Sparse.TensorMemory.Floats(acts);
        fixed (float* bias = Parameters.BEnc)
        fixed (int* l = latents)
        fixed (float* v = values)
        {
            Backends.Torch.Sparse.RowTopK.Select(prePtr, bias, (int)rows, Config.DSae, k, l, v);
            for (long r = 0; r < rows; r++)
            {
                float* row = actsPtr + r * Config.DSae;
                for (long j = r * k; j < (r + 1) * k; j++) row[l[j]] = Math.Max(v[j], 0f);
            }
        }
        return acts.reshape([.. leading, Config.DSae]).MoveToOuterDisposeScope();
    }

    /// <summary>Reconstruction [.., d_in] of feature activations [.., d_sae].</summary>
    public Tensor Decode(Tensor acts)
    {
        using var scope = NewDisposeScope();
        return torch.matmul(acts, _wDec).PlusInPlace(_bDec).MoveToOuterDisposeScope();
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
