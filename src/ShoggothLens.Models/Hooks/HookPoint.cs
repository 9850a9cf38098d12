using System.Globalization;

namespace ShoggothLens.Models.Hooks;

/// <summary>
/// A named place in the forward pass, spelled as TransformerLens does:
/// <c>blocks.{L}.hook_resid_pre|hook_attn_out|hook_resid_mid|hook_mlp_out|hook_resid_post</c>
/// and <c>ln_final.hook_normalized</c>.
/// </summary>
public readonly record struct HookPoint(HookPointKind Kind, int Layer)
{
    public const string FinalNormalizedName = "ln_final.hook_normalized";

    /// <summary>The name patterns, for messages.</summary>
    public static readonly IReadOnlyList<string> Patterns =
    [
        "blocks.{L}.hook_resid_pre", "blocks.{L}.hook_attn_out", "blocks.{L}.hook_resid_mid",
        "blocks.{L}.hook_mlp_out", "blocks.{L}.hook_resid_post", FinalNormalizedName,
    ];

    public static HookPoint ResidPre(int layer) => new(HookPointKind.ResidPre, layer);
    public static HookPoint AttnOut(int layer) => new(HookPointKind.AttnOut, layer);
    public static HookPoint ResidMid(int layer) => new(HookPointKind.ResidMid, layer);
    public static HookPoint MlpOut(int layer) => new(HookPointKind.MlpOut, layer);
    public static HookPoint ResidPost(int layer) => new(HookPointKind.ResidPost, layer);
    /// <summary>The final norm's output; its layer is -1.</summary>
    public static HookPoint FinalNormalized { get; } = new(HookPointKind.FinalNormalized, -1);

    public string Name => Kind switch
    {
        HookPointKind.ResidPre => $"blocks.{Layer}.hook_resid_pre",
        HookPointKind.AttnOut => $"blocks.{Layer}.hook_attn_out",
        HookPointKind.ResidMid => $"blocks.{Layer}.hook_resid_mid",
        HookPointKind.MlpOut => $"blocks.{Layer}.hook_mlp_out",
        HookPointKind.ResidPost => $"blocks.{Layer}.hook_resid_post",
        HookPointKind.FinalNormalized => FinalNormalizedName,
        _ => throw new InvalidOperationException($"unknown hook kind {Kind}"),
    };

    public override string ToString() => Name;

    /// <summary>Position in the forward pass of a model with <paramref name="nLayers"/> layers (later = larger).</summary>
    public int Order(int nLayers) => Kind == HookPointKind.FinalNormalized ? nLayers * 5 : Layer * 5 + (int)Kind;

    public static bool TryParse(string name, out HookPoint point)
    {
        point = default;
        if (name == FinalNormalizedName)
        {
            point = FinalNormalized;
            return true;
        }
        if (!name.StartsWith("blocks.", StringComparison.Ordinal)) return false;
        int dot = name.IndexOf('.', 7);
        if (dot < 0) return false;
        var layerText = name.AsSpan(7, dot - 7);
        if (layerText.Length == 0 || layerText.Length > 6 || (layerText.Length > 1 && layerText[0] == '0')) return false;
        foreach (char c in layerText) if (c is < '0' or > '9') return false;
        int layer = int.Parse(layerText, CultureInfo.InvariantCulture);
        HookPointKind? kind = name[(dot + 1)..] switch
        {
            "hook_resid_pre" => HookPointKind.ResidPre,
            "hook_attn_out" => HookPointKind.AttnOut,
            "hook_resid_mid" => HookPointKind.ResidMid,
            "hook_mlp_out" => HookPointKind.MlpOut,
            "hook_resid_post" => HookPointKind.ResidPost,
            _ => null,
        };
        if (kind is null) return false;
        point = new HookPoint(kind.Value, layer);
        return true;
    }

    /// <summary>Parses a hook name; an unknown spelling is an <see cref="ArgumentException"/> listing the patterns.</summary>
    public static HookPoint Parse(string name) =>
        TryParse(name, out var point)
            ? point
            : throw new ArgumentException($"unknown hook point '{name}'; valid names are {string.Join(", ", Patterns)}", nameof(name));

    /// <summary>Every hook point of a model, in forward order.</summary>
    public static IReadOnlyList<HookPoint> All(int nLayers, bool hasResidMid)
    {
        var points = new List<HookPoint>(nLayers * 5 + 1);
        for (int layer = 0; layer < nLayers; layer++)
        {
            points.Add(ResidPre(layer));
            points.Add(AttnOut(layer));
            if (hasResidMid) points.Add(ResidMid(layer));
            points.Add(MlpOut(layer));
            points.Add(ResidPost(layer));
        }
        points.Add(FinalNormalized);
        return points;
    }
}
