using System.Globalization;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Sae.Export;

/// <summary>
/// Writes an SAE (any layout <see cref="SaeFiles.Load"/> reads) in the SAELens layout, whole or restricted to the
/// latents [first, end): W_enc's columns, b_enc, W_dec's rows and threshold are sliced, b_dec kept; the slice
/// encodes every kept latent exactly as the whole SAE does (Standard and JumpReLU latents are independent). A TopK
/// SAE cannot be sliced (its top k among fewer latents is another function) and is refused. <c>cfg.json</c>'s
/// metadata records the source and, for a slice, <c>exported_latents</c> "A-B" and <c>source_d_sae</c>.
/// Each file is written atomically (<see cref="SaeLensFormat.Save"/>).
/// </summary>
public static class SaeLensExport
{
    public static SaeParameters Slice(SaeParameters p, int first, int end)
    {
        if (first < 0 || end > p.DSae || first >= end) throw new ArgumentException($"latents {first}-{end - 1} are not within 0-{p.DSae - 1}");
        int n = end - first, dIn = p.DIn;
        var wEnc = new float[(long)dIn * n];
        for (int i = 0; i < dIn; i++)
            Array.Copy(p.WEnc, (long)i * p.DSae + first, wEnc, (long)i * n, n);
        var wDec = new float[(long)n * dIn];
        Array.Copy(p.WDec, (long)first * dIn, wDec, 0, (long)n * dIn);
        return new SaeParameters(dIn, n, wEnc, p.BEnc[first..end], wDec, (float[])p.BDec.Clone(), p.Threshold?[first..end]);
    }

    /// <param name="metadata">Extra <c>cfg.json</c> metadata (e.g. the catalog it was exported from).</param>
    public static void Write(LoadedSae sae, string directory, int first, int end, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var config = sae.Config;
        bool whole = first == 0 && end == config.DSae;
        var extra = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["source_layout"] = sae.Layout.ToString() };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>()) extra[key] = value;
        SaeParameters parameters = sae.Parameters;
        if (!whole)
        {
            if (config.Architecture == SaeArchitecture.TopK)
                throw new ArgumentException($"a TopK SAE cannot be sliced: its latents compete for the top {config.K}, so latents {first}-{end - 1} alone would encode differently; export it whole");
            parameters = Slice(parameters, first, end);
            config = config with { DSae = end - first };
            extra["exported_latents"] = $"{first.ToString(CultureInfo.InvariantCulture)}-{(end - 1).ToString(CultureInfo.InvariantCulture)}";
            extra["source_d_sae"] = sae.Config.DSae.ToString(CultureInfo.InvariantCulture);
        }
        SaeLensFormat.Save(directory, config, parameters, extra);
    }
}
