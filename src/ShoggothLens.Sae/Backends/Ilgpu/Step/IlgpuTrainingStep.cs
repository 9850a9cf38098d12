using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;
using ShoggothLens.Sae.Backends.Ilgpu.Selection;

namespace ShoggothLens.Sae.Backends.Ilgpu.Step;

/// <summary>
/// One optimiser step on a batch already on the device, in launch order: centre; pre = xc·W_encᵀ;
/// the architecture's selection and AuxK; decode and ∂pre per row; the entries counting-sorted by
/// latent; gradient rows per latent with Adam (fused when there is no clipping, else written, normed,
/// clipped, then Adam); Adam on the biases; one read-back of the statistics.
/// </summary>
internal sealed class IlgpuTrainingStep(IlgpuResources resources, IlgpuSelection selection, IlgpuRowTopK rowTopK, IlgpuPhaseClock phases,
    IlgpuStepProbe probe)
{
    SaeTrainingSetup Setup => resources.Setup;

    /// <summary>
    /// Whether this step takes the fused path: without gradient clipping (MaxGradNorm 0) no global
    /// norm is needed before Adam, so <see cref="IlgpuLatentGradientKernels.FusedGradientAdam"/> computes each
    /// latent's gradient rows in shared memory and updates its weights in one pass. Gradients are then
    /// never materialised, so capturing them (tests) takes the two-pass path.
    /// </summary>
    bool Fused => Setup.MaxGradNorm <= 0 && resources.DIn <= IlgpuLatentGradientKernels.MaxFusedDIn && !probe.CaptureGradients && probe.UseFusedPath;

    /// <summary>Sizes the workspace for batches of <paramref name="rows"/>.</summary>
    public void EnsureRows(int rows) => resources.Work.EnsureRows(rows, selection.MainCapacity(rows));

    public StepStats Run(ArrayView<float> x, int batchSize, StepControls controls, Stopwatch? clock)
    {
        var w = resources.Work;
        var p = resources.Parameters;
        resources.Kernels.Center((int)x.Length, x, p.BDec.View, w.Xc.View, resources.DIn, Setup.ApplyBDecToInput ? 1 : 0);
        EncoderProduct(batchSize);
        phases.Mark(clock, "encoder product");

        selection.Select(batchSize);
        var aux = SelectAux(batchSize, controls);
        phases.Mark(clock, "top-k selection");

        float gradScale = 2f / batchSize;
        float auxGradScale = 2f * Setup.AuxCoefficient * aux.Scale / batchSize;
        float l1Scale = selection.L1Scale(controls, batchSize);
        Decode(x, batchSize, controls, aux, gradScale, auxGradScale, l1Scale);
        phases.Mark(clock, "decode");

        var sorted = SortByLatent(batchSize, aux, gradScale, auxGradScale, l1Scale);
        phases.Mark(clock, "sort by latent");

        UpdateWeights(batchSize, controls, aux, sorted, gradScale, auxGradScale, clock);
        phases.Mark(clock, "adam and renormalise");

        return ReadBack(batchSize, controls, aux, l1Scale, clock);
    }

    /// <summary>The one dense product: pre = xc·W_encᵀ (b_enc is added inside the selection).</summary>
    void EncoderProduct(int batchSize)
    {
        var (k, w, p) = (resources.Kernels, resources.Work, resources.Parameters);
        int dIn = resources.DIn, dSae = resources.DSae;
        var blas = resources.Device.Blas;
        if (blas is not null) blas.EncoderProduct(w.Xc.View, p.WEncT.View, w.Pre.View, batchSize, dSae, dIn);
        else if (resources.Group < IlgpuDenseKernels.Tile * IlgpuDenseKernels.Tile)
            k.GemmSimple(new Index2D(dSae, batchSize), w.Xc.View, p.WEncT.View, w.Pre.View, batchSize, dSae, dIn);
        else
        {
            var grid = new Index2D((dSae + IlgpuDenseKernels.Tile - 1) / IlgpuDenseKernels.Tile, (batchSize + IlgpuDenseKernels.Tile - 1) / IlgpuDenseKernels.Tile);
            k.Gemm(new KernelConfig(grid, new Index2D(IlgpuDenseKernels.Tile, IlgpuDenseKernels.Tile)), w.Xc.View, p.WEncT.View, w.Pre.View, batchSize, dSae, dIn);
        }
    }

    /// <summary>AuxK's entries per row (0 without AuxK) and its loss scale.</summary>
    readonly record struct AuxK(bool Active, int Take, float Scale);

    /// <summary>AuxK: the k_aux largest pre-activations among dead latents, scaled down when few are dead.</summary>
    AuxK SelectAux(int batchSize, StepControls controls)
    {
        var dead = controls.DeadLatents;
        if (!(Setup.UsesAuxK && dead.Count > 0)) return new AuxK(false, 0, 0);
        var w = resources.Work;
        int kAux = Setup.EffectiveKAux;
        int take = Math.Min(kAux, dead.Count);
        float auxScale = Math.Min(dead.Count / (float)kAux, 1f);
        w.EnsureAux(batchSize, take, dead.Count);
        ReadOnlySpan<int> deadSpan = dead.ToArray();
        ((ArrayView<int>)w.Dead.View).SubView(0, dead.Count).CopyFromCPU(deadSpan);
        rowTopK.Select(batchSize, w.Dead.View, useList: true, dead.Count, take, w.AuxLat.View, w.AuxVal.View);
        return new AuxK(true, take, auxScale);
    }

    void Decode(ArrayView<float> x, int batchSize, StepControls controls, AuxK aux, float gradScale, float auxGradScale, float l1Scale)
    {
        var (k, w, p) = (resources.Kernels, resources.Work, resources.Parameters);
        long rowValues = (long)batchSize * resources.DIn;
        var errors = w.Errors.View;
        var perRow = new KernelConfig(new Index1D(batchSize), new Index1D(resources.Group));
        selection.BeforeDecode();
        k.Decode(perRow, new DecodeArgs(x, -1f, w.MainLat.View, w.MainVal.View, Setup.K, rectify: true, errors.SubView(0, rowValues), gradScale,
            w.MainGrad.View, squareSlot: 0, activeSlot: 2 * batchSize, w.RowStart.View, uniform: !selection.Ragged, w.Norms.View, l1Scale,
            selection.SparsitySlot(batchSize)), p.WDec.View, p.BDec.View, w.Sums, resources.DIn);
        if (aux.Active)
            k.Decode(perRow, new DecodeArgs(errors.SubView(0, rowValues), 1f, w.AuxLat.View, w.AuxVal.View, aux.Take, rectify: false,
                errors.SubView(rowValues, rowValues), auxGradScale, w.AuxGrad.View, squareSlot: batchSize, activeSlot: -1, w.RowStart.View, uniform: true,
                w.Norms.View, 0f, -1), p.WDec.View, p.BDec.View, w.Sums, resources.DIn);
        else w.Sums.SubView(batchSize, batchSize).MemSetToZero();
        selection.AfterDecode(perRow, errors.SubView(0, rowValues), batchSize, gradScale, controls);
    }

    /// <summary>Entries sorted by latent, so that one group per latent then writes its gradient rows once.</summary>
    LatentEntries SortByLatent(int batchSize, AuxK aux, float gradScale, float auxGradScale, float l1Scale)
    {
        var (k, w) = (resources.Kernels, resources.Work);
        int mainCount = checked((int)w.MainCapacity), entries = mainCount + (aux.Active ? batchSize * aux.Take : 0);
        w.EnsureList(entries);
        var auxLat = aux.Active ? w.AuxLat.View : w.MainLat.View;
        var auxVal = aux.Active ? w.AuxVal.View : w.MainVal.View;
        var auxGrad = aux.Active ? w.AuxGrad.View : w.MainGrad.View;
        w.Counts.MemSetToZero();
        w.Fired.MemSetToZero();
        k.CountEntries(entries, w.MainLat.View, w.MainVal.View, mainCount, auxLat, w.Counts.View, w.Fired);
        k.ScanOffsets(new KernelConfig(new Index1D(1), new Index1D(resources.Group)), w.Counts.View, w.Offsets.View, w.Cursor.View, resources.DSae);
        k.ScatterEntries(entries, w.MainLat.View, w.MainVal.View, mainCount, auxLat, w.Cursor.View, w.List.View);
        return new LatentEntries(w.Offsets.View, w.List.View, mainCount, Setup.K, Math.Max(aux.Take, 1), batchSize, w.MainVal.View, w.MainGrad.View,
            auxVal, auxGrad, gradScale, auxGradScale, w.EntryRow.View, uniformMain: !selection.Ragged, selection.UnitNormDecoder, l1Scale, w.Norms.View);
    }

    /// <summary>Gradient rows and Adam: fused without clipping, else written, normed and clipped first; then Adam on the biases.</summary>
    void UpdateWeights(int batchSize, StepControls controls, AuxK aux, LatentEntries sorted, float gradScale, float auxGradScale, Stopwatch? clock)
    {
        var (k, w, p) = (resources.Kernels, resources.Work, resources.Parameters);
        int dIn = resources.DIn, dSae = resources.DSae;
        var errors = w.Errors.View;
        var perLatent = new KernelConfig(new Index1D(dSae), new Index1D(resources.Group));
        p.AdamStep++;
        var adam = Setup.AdamConstants;
        var a = new AdamParams(adam.Beta1, adam.Beta2, adam.Epsilon,
            (float)(controls.LearningRate / (1 - Math.Pow(adam.Beta1, p.AdamStep))),
            (float)Math.Sqrt(1 - Math.Pow(adam.Beta2, p.AdamStep)), 1f);
        var single = new KernelConfig(new Index1D(1), new Index1D(resources.Group));
        int extra = selection.HasLogThreshold ? dSae : 0;
        if (Fused)
        {
            // No clipping: gradients live in shared memory only, and Adam runs in the same pass.
            k.EncoderBiasGradient(dSae, sorted, w.GBEnc.View);
            DecoderBiasGradient(batchSize, aux, gradScale, auxGradScale);
            phases.Mark(clock, "b_dec gradient and norm");
            k.FusedGradientAdam(perLatent, sorted, w.Xc.View, errors, w.GBEnc.View, w.RowSq.View, p.WEncT.View, p.MWEncT.View, p.VWEncT.View,
                p.WDec.View, p.MWDec.View, p.VWDec.View, a, dIn);
            phases.Mark(clock, "fused gradients, adam and renormalise");
            k.ClipFactor(single, w.RowSq.View, dSae, w.GBDec.View, dIn, 0f, w.Stats, w.GLogTheta.View, extra);
        }
        else
        {
            w.EnsureWeightGradients();
            k.LatentGradients(perLatent, sorted, w.Xc.View, errors, p.WDec.View, w.GWEncT.View, w.GWDec.View, w.GBEnc.View, w.RowSq.View, dIn);
            phases.Mark(clock, "latent gradients");
            DecoderBiasGradient(batchSize, aux, gradScale, auxGradScale);
            k.ClipFactor(single, w.RowSq.View, dSae, w.GBDec.View, dIn, Setup.MaxGradNorm, w.Stats, w.GLogTheta.View, extra);
            phases.Mark(clock, "b_dec gradient and norm");
            if (probe.CaptureGradients) probe.CapturedGradients = w.ReadGradients(selection.HasLogThreshold);
            k.AdamRows(perLatent, w.Offsets.View, w.Stats, p.WEncT.View, p.MWEncT.View, p.VWEncT.View, w.GWEncT.View,
                p.WDec.View, p.MWDec.View, p.VWDec.View, w.GWDec.View, a, dIn, selection.UnitNormDecoder ? 1 : 0);
        }
        k.AdamVector(dSae, p.BEnc.View, p.MBEnc.View, p.VBEnc.View, w.GBEnc.View, w.Stats, a);
        k.AdamVector(dIn, p.BDec.View, p.MBDec.View, p.VBDec.View, w.GBDec.View, w.Stats, a);
        selection.UpdateExtraParameters(a);
    }

    /// <summary>∂b_dec: column sums of the error rows, less Σ_j ∂b_enc[j]·W_encᵀ[j] when the input is centred.</summary>
    void DecoderBiasGradient(int batchSize, AuxK aux, float gradScale, float auxGradScale)
    {
        var (k, w, p) = (resources.Kernels, resources.Work, resources.Parameters);
        int dIn = resources.DIn, dSae = resources.DSae;
        long rowValues = (long)batchSize * dIn;
        var errors = w.Errors.View;
        int blocks = (batchSize + IlgpuDecoderBiasKernels.ColumnBlock - 1) / IlgpuDecoderBiasKernels.ColumnBlock;
        w.GBDec.MemSetToZero();
        k.ColumnSums(blocks * dIn, errors.SubView(0, rowValues), batchSize, dIn, gradScale, w.GBDec.View);
        if (aux.Active) k.ColumnSums(blocks * dIn, errors.SubView(rowValues, rowValues), batchSize, dIn, auxGradScale, w.GBDec.View);
        if (Setup.ApplyBDecToInput)
            k.EncoderBiasTerm((dSae + IlgpuDecoderBiasKernels.LatentBlock - 1) / IlgpuDecoderBiasKernels.LatentBlock * dIn, w.GBEnc.View, p.WEncT.View, dSae, dIn, w.GBDec.View);
    }

    /// <summary>Statistics: per-row sums, firing counts and the gradient norm (one read-back per step).</summary>
    StepStats ReadBack(int batchSize, StepControls controls, AuxK aux, float l1Scale, Stopwatch? clock)
    {
        var w = resources.Work;
        int dSae = resources.DSae;
        var all = w.Readback.GetAsArray1D();
        var fired = all.AsSpan(0, dSae).ToArray();
        var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<int, float>(all.AsSpan(dSae));
        var sums = floats[..(4 * batchSize)];
        var stats = floats.Slice(4 * batchSize, 2);
        if (probe.CaptureSelection) probe.LastSelection = (w.MainLat.GetAsArray1D(), w.MainVal.GetAsArray1D());
        double sse = 0, auxSse = 0;
        long active = 0;
        for (int b = 0; b < batchSize; b++)
        {
            sse += sums[b];
            auxSse += sums[batchSize + b];
            active += (long)sums[2 * batchSize + b];
        }
        double gradNorm = stats[0];
        selection.AfterReadBack();
        phases.Mark(clock, "read-back");
        double mse = sse / batchSize;
        double auxLoss = aux.Active ? Setup.AuxCoefficient * aux.Scale * auxSse / batchSize : 0;
        double sparsityLoss = selection.SparsityLoss(sums, batchSize, active, l1Scale, controls);
        return new StepStats(mse + sparsityLoss + auxLoss, mse, sparsityLoss, auxLoss, sse, active, fired, gradNorm);
    }
}
