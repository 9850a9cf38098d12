namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Float32 rows held in one array per hook, starting at <paramref name="offset"/> floats into each
/// (e.g. window b of a [batch, seq, d_model] forward-pass output at b·seq·d_model).
/// </summary>
public sealed class FloatActivationRows(IReadOnlyList<float[]> hooks, int dModel, long offset = 0) : IActivationRows
{
    public void CopyEncoded(int hook, int start, int count, ActivationDType dtype, Span<byte> destination)
    {
        var source = hooks[hook].AsSpan(checked((int)(offset + (long)start * dModel)), count * dModel);
        ActivationCodec.Encode(source, dtype, destination);
    }
}
