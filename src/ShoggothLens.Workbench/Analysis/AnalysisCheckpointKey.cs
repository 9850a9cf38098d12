using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Sae.Formats;

namespace ShoggothLens.Workbench.Analysis;

/// <summary>Names the inputs and settings of the streaming pass, so a checkpoint is only resumed by the same run.</summary>
static class AnalysisCheckpointKey
{
    public static string Of(AnalyzeRequest request, ActivationStoreReader store, ActivationStoreReader? compared, LoadedSae sae, string hook)
    {
        var weights = new XxHash3();
        weights.Append(MemoryMarshal.AsBytes(sae.Parameters.WEnc.AsSpan()));
        weights.Append(MemoryMarshal.AsBytes(sae.Parameters.BEnc.AsSpan()));
        weights.Append(MemoryMarshal.AsBytes(sae.Parameters.BDec.AsSpan()));
        if (sae.Parameters.Threshold is { } t) weights.Append(MemoryMarshal.AsBytes(t.AsSpan()));
        return string.Join("\n",
            StoreKey(store), compared is null ? "-" : StoreKey(compared),
            $"{sae.Config}|{Convert.ToHexStringLower(weights.GetCurrentHash())}",
            hook, request.BatchSize.ToString(CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(request.Features));
    }

    /// <summary>A store's path, size, model and the checksums of its chunks.</summary>
    static string StoreKey(ActivationStoreReader s)
    {
        var hash = new XxHash3();
        foreach (var c in s.Manifest.Chunks) hash.Append(Encoding.UTF8.GetBytes(c.XxHash3 + ";"));
        return $"{Path.GetFullPath(s.Directory)}|{s.Tokens}|{s.Settings.ModelFingerprint}|{Convert.ToHexStringLower(hash.GetCurrentHash())}";
    }
}
