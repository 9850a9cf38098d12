namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// Encoder and decoder gradients for the latents a batch selected, and nothing else: the batch's
/// (token, latent) entries are grouped by latent (a counting sort), then each touched latent j
/// gets, without write conflicts,
/// <code>
/// ∂W_encᵀ[j] = Σ g·xc_b          ∂b_enc[j] = Σ g          (g: ∂loss/∂pre of the entry)
/// ∂W_dec[j]  = Σ c·err_b          c = (2/B)·relu(v) with err = e (MSE), or (2·c_aux/B)·u with err = q (AuxK)
/// </code>
/// then, for unit-norm decoders, loses its component along W_dec[j]. b_dec collects Σ of the
/// error rows and, when the encoder sees x − b_dec, −Σ_j ∂b_enc[j]·W_encᵀ[j]. This is
/// xcᵀ·G and Aᵀ·E with sparse G and A, in O(entries·d_in) instead of O(B·d_sae·d_in).
/// </summary>
internal sealed unsafe class LatentGradientKernel
{
    int[] _counts = [], _starts = [], _rows = [], _sources = [];
    float[] _enc = [], _dec = [];

    /// <summary>1 for latents whose rows of ∂W_encᵀ and ∂W_dec were written this step.</summary>
    public byte[] Touched { get; private set; } = [];

    public double Run(float* xc, float* errors, float* wEncT, float* wDec, int rows, int dSae, int dIn,
        SparseCodes main, float* mainGrad, float gradScale,
        SparseCodes? aux, float* auxGrad, float auxGradScale,
        bool unitNormDecoder, bool applyBDecToInput,
        float* gradWEncT, float* gradWDec, float* gradBEnc, float* gradBDec)
    {
        int entries = Group(rows, dSae, main, mainGrad, gradScale, aux, auxGrad, auxGradScale);
        long work = 2L * dIn * entries + (long)dSae * 4;
        int chunks = Chunked.Count(dSae, work);
        var normSq = new double[chunks];
        var bDecPartial = new float[chunks * dIn];
        fixed (int* starts = _starts, entRow = _rows, entSrc = _sources)
        fixed (float* entEnc = _enc, entDec = _dec, bDecParts = bDecPartial)
        fixed (byte* touched = Touched)
        {
            int* s = starts, r = entRow, src = entSrc;
            float* en = entEnc, de = entDec, parts = bDecParts;
            byte* t = touched;
            Chunked.For(dSae, work, (start, end, c) =>
            {
                double sq = 0;
                float* bPart = parts + (long)c * dIn;
                for (int j = start; j < end; j++)
                {
                    int first = s[j], last = s[j + 1];
                    if (first == last)
                    {
                        t[j] = 0;
                        gradBEnc[j] = 0;
                        continue;
                    }
                    t[j] = 1;
                    float* ge = gradWEncT + (long)j * dIn;
                    float* gd = gradWDec + (long)j * dIn;
                    new Span<float>(ge, dIn).Clear();
                    new Span<float>(gd, dIn).Clear();
                    float gb = 0;
                    for (int e = first; e < last; e++)
                    {
                        if (en[e] != 0) VectorKernels.Axpy(en[e], xc + (long)r[e] * dIn, ge, dIn);
                        if (de[e] != 0) VectorKernels.Axpy(de[e], errors + (long)src[e] * dIn, gd, dIn);
                        gb += en[e];
                    }
                    float* w = wDec + (long)j * dIn;
                    if (unitNormDecoder) VectorKernels.Axpy(-VectorKernels.Dot(gd, w, dIn), w, gd, dIn);
                    gradBEnc[j] = gb;
                    if (applyBDecToInput && gb != 0) VectorKernels.Axpy(-gb, wEncT + (long)j * dIn, bPart, dIn);
                    sq += (double)VectorKernels.SumOfSquares(ge, dIn) + VectorKernels.SumOfSquares(gd, dIn) + (double)gb * gb;
                }
                normSq[c] = sq;
            });
        }

        ErrorRowSums(errors, rows, dIn, gradScale, aux is null ? 0 : auxGradScale, gradBDec);
        for (int c = 0; c < chunks; c++)
            for (int i = 0; i < dIn; i++) gradBDec[i] += bDecPartial[c * dIn + i];
        double total = 0;
        foreach (var q in normSq) total += q;
        total += VectorKernels.SumOfSquares(gradBDec, dIn);
        return total;
    }

    /// <summary>Counting sort of the entries by latent; entries that carry no gradient (ReLU'd to 0) are dropped.</summary>
    int Group(int rows, int dSae, SparseCodes main, float* mainGrad, float gradScale, SparseCodes? aux, float* auxGrad, float auxGradScale)
    {
        if (_counts.Length < dSae + 1)
        {
            _counts = new int[dSae + 1];
            _starts = new int[dSae + 1];
            Touched = new byte[dSae];
        }
        Array.Clear(_counts, 0, dSae + 1);
        int n = 0;
        for (int i = 0; i < main.Count; i++)
            if (main.Values[i] > 0) { _counts[main.Latents[i]]++; n++; }
        int auxCount = aux?.Count ?? 0;
        for (int i = 0; i < auxCount; i++) { _counts[aux!.Latents[i]]++; n++; }
        if (_rows.Length < n)
        {
            int size = Math.Max(n, 1);
            _rows = new int[size];
            _sources = new int[size];
            _enc = new float[size];
            _dec = new float[size];
        }
        _starts[0] = 0;
        for (int j = 0; j < dSae; j++) _starts[j + 1] = _starts[j] + _counts[j];
        // _counts becomes each latent's next free slot.
        Array.Copy(_starts, _counts, dSae);
        for (int b = 0; b < rows; b++)
        {
            for (int i = main.RowStart[b]; i < main.RowStart[b + 1]; i++)
            {
                float v = main.Values[i];
                if (!(v > 0)) continue;
                int at = _counts[main.Latents[i]]++;
                _rows[at] = b;
                _sources[at] = b;
                _enc[at] = mainGrad[i];
                _dec[at] = gradScale * v;
            }
        }
        for (int b = 0; b < rows && aux is not null; b++)
        {
            for (int i = aux.RowStart[b]; i < aux.RowStart[b + 1]; i++)
            {
                int at = _counts[aux.Latents[i]]++;
                _rows[at] = b;
                _sources[at] = rows + b;
                _enc[at] = auxGrad[i];
                _dec[at] = auxGradScale * aux.Values[i];
            }
        }
        return n;
    }

    /// <summary>∂b_dec from the decoder side: (2/B)·Σ_b e_b + (2·c_aux/B)·Σ_b q_b.</summary>
    static void ErrorRowSums(float* errors, int rows, int dIn, float gradScale, float auxGradScale, float* gradBDec)
    {
        long work = 2L * rows * dIn;
        int chunks = Chunked.Count(rows, work);
        var partial = new float[chunks * dIn];
        fixed (float* parts = partial)
        {
            float* p = parts;
            Chunked.For(rows, work, (start, end, c) =>
            {
                float* acc = p + (long)c * dIn;
                for (int b = start; b < end; b++)
                {
                    VectorKernels.Axpy(gradScale, errors + (long)b * dIn, acc, dIn);
                    if (auxGradScale != 0) VectorKernels.Axpy(auxGradScale, errors + (long)(rows + b) * dIn, acc, dIn);
                }
            });
        }
        new Span<float>(gradBDec, dIn).Clear();
        for (int c = 0; c < chunks; c++)
            for (int i = 0; i < dIn; i++) gradBDec[i] += partial[c * dIn + i];
    }
}
