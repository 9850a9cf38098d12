using ShoggothLens.Models.Transformers.Ops;
using ShoggothLens.Models.Hooks;
using ShoggothLens.Sae.Architectures;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// An SAE spliced in at a hook point with an edit (<see cref="SpliceEdit"/>): a position-wise replacement of the
/// hook's activation, usable in a forward pass or in generation (<see cref="Hooks"/>). Ablation zeroes the chosen
/// features' activations before decoding, which is recon − Σ a_f·W_dec[f]; a feature that does not fire at a position
/// leaves that position bit-for-bit as the unedited splice. Steering adds α·W_dec[f] (the raw decoder row, so α is in
/// the feature's activation units: α equal to a typical activation adds what the feature adds when it fires).
/// Edits apply at every position, prompt and generated alike. Owns its steering tensor, not the SAE.
/// </summary>
public sealed class SaeSplice : IDisposable
{
    readonly SparseAutoencoder _sae;
    readonly Tensor? _ablated;
    readonly Tensor? _steering;

    public SaeSplice(SparseAutoencoder sae, string hook, SpliceEdit edit)
    {
        ArgumentNullException.ThrowIfNull(sae);
        ArgumentNullException.ThrowIfNull(edit);
        HookPoint.Parse(hook);
        _sae = sae;
        Hook = hook;
        Edit = edit;
        int dSae = sae.Config.DSae, dIn = sae.Config.DIn;
        foreach (int f in edit.Ablate.Concat(edit.Steer.Select(s => s.Feature)))
            if (f < 0 || f >= dSae) throw new ArgumentOutOfRangeException(nameof(edit), $"feature {f} is outside this SAE's 0..{dSae - 1}");
        if (edit.Ablate.Count > 0) _ablated = tensor(edit.Ablate.Distinct().Select(f => (long)f).ToArray(), ScalarType.Int64);
        if (edit.Steer.Count > 0)
        {
            var v = new float[dIn];
            var wDec = sae.Parameters.WDec;
            foreach (var (f, alpha) in edit.Steer)
                for (int i = 0; i < dIn; i++) v[i] += (float)(alpha * wDec[(long)f * dIn + i]);
            _steering = tensor(v, [dIn]);
        }
    }

    public string Hook { get; }
    public SpliceEdit Edit { get; }

    /// <summary>The spliced activation x' of x [.., d_in] (see <see cref="SpliceEdit"/>).</summary>
    public Tensor Apply(Tensor x)
    {
        using var scope = NewDisposeScope();
        var acts = _sae.Encode(x);
        var recon = _sae.Decode(acts);
        var spliced = recon;
        if (_ablated is not null)
        {
            using var zero = 0.0.ToScalar();
            spliced = _sae.Decode(acts.index_fill(-1, _ablated, zero));
        }
        if (Edit.KeepError) spliced = spliced.Plus(x - recon);
        if (_steering is not null) spliced = spliced.Plus(_steering);
        return spliced.MoveToOuterDisposeScope();
    }

    /// <summary>A hook set that applies this splice at its hook (the caller disposes it).</summary>
    public HookSet Hooks() => new HookSet().Replace(Hook, Apply);

    public void Dispose()
    {
        _ablated?.Dispose();
        _steering?.Dispose();
    }
}
