namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// Decoding from the selected rows only, and the backward pass down to the selected
/// pre-activations, one token row at a time (the k decoder rows a token touched are still in
/// cache for its gradient dot products):
/// <code>
/// e_b    = b_dec + Σ_i relu(v_bi)·W_dec[j_bi] − x_b                 (x̂ − x; MSE = Σ‖e‖²/B)
/// g_bi   = (2/B)·⟨e_b, W_dec[j_bi]⟩ · [v_bi &gt; 0]                    (∂MSE/∂pre)
/// q_b    = b_dec + Σ_i u_bi·W_dec[a_bi] + e_b                        (AuxK: ê − (x − x̂), x − x̂ held constant)
/// h_bi   = (2·c/B)·⟨q_b, W_dec[a_bi]⟩                                (∂AuxK/∂pre, no ReLU on aux acts)
/// </code>
/// e and q are written to rows [0, B) and [B, 2B) of <c>errors</c>; the decoder and b_dec
/// gradients are sums of these rows (see <see cref="LatentGradientKernel"/>).
/// </summary>
internal static unsafe class SparseDecodeKernel
{
    public readonly record struct Sums(double SquaredError, double AuxSquaredError, long Active);

    public static Sums Run(float* x, float* wDec, float* bDec, int rows, int dIn,
        SparseCodes main, float* mainGrad, float gradScale,
        SparseCodes? aux, float* auxGrad, float auxGradScale, float* errors)
    {
        // Three passes of d_in over every selected entry (decode, error, gradient dot product).
        long work = 3L * dIn * (main.Count + (aux?.Count ?? 0)) + (long)rows * dIn;
        int chunks = Chunked.Count(rows, work);
        var sse = new double[chunks];
        var auxSse = new double[chunks];
        var active = new long[chunks];
        Chunked.For(rows, work, (start, end, c) =>
        {
            double s = 0, sa = 0;
            long n = 0;
            for (int b = start; b < end; b++)
            {
                float* e = errors + (long)b * dIn;
                new ReadOnlySpan<float>(bDec, dIn).CopyTo(new Span<float>(e, dIn));
                int first = main.RowStart[b], last = main.RowStart[b + 1];
                for (int i = first; i < last; i++)
                {
                    float v = main.Values[i];
                    if (v > 0)
                    {
                        VectorKernels.Axpy(v, wDec + (long)main.Latents[i] * dIn, e, dIn);
                        n++;
                    }
                }
                VectorKernels.Subtract(x + (long)b * dIn, e, dIn);
                s += VectorKernels.SumOfSquares(e, dIn);
                for (int i = first; i < last; i++)
                    mainGrad[i] = main.Values[i] > 0 ? gradScale * VectorKernels.Dot(e, wDec + (long)main.Latents[i] * dIn, dIn) : 0f;

                if (aux is null) continue;
                float* q = errors + (long)(rows + b) * dIn;
                new ReadOnlySpan<float>(bDec, dIn).CopyTo(new Span<float>(q, dIn));
                int afirst = aux.RowStart[b], alast = aux.RowStart[b + 1];
                for (int i = afirst; i < alast; i++)
                    VectorKernels.Axpy(aux.Values[i], wDec + (long)aux.Latents[i] * dIn, q, dIn);
                VectorKernels.Add(e, q, dIn);
                sa += VectorKernels.SumOfSquares(q, dIn);
                for (int i = afirst; i < alast; i++)
                    auxGrad[i] = auxGradScale * VectorKernels.Dot(q, wDec + (long)aux.Latents[i] * dIn, dIn);
            }
            sse[c] = s;
            auxSse[c] = sa;
            active[c] = n;
        });
        return new Sums(Sum(sse), Sum(auxSse), active.Sum());
    }

    static double Sum(double[] partial)
    {
        double total = 0;
        foreach (var p in partial) total += p;
        return total;
    }
}
