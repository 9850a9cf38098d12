namespace ShoggothLens.Core.ActivationStore;

/// <summary>The activation rows that go with a <see cref="TokenRun"/>, one row of d_model values per token and hook.</summary>
public interface IActivationRows
{
    /// <summary>
    /// Writes rows [<paramref name="start"/>, start + count) of hook <paramref name="hook"/> (index into the
    /// store's hook list) to <paramref name="destination"/> in the store's dtype.
    /// </summary>
    void CopyEncoded(int hook, int start, int count, ActivationDType dtype, Span<byte> destination);
}
