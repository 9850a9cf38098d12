using System.Globalization;
using ShoggothLens.Workbench.Browse;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Web.Components.Science;

public enum CausalCheckMode { Ablate, Steer }

/// <summary>
/// The causal check panel's inputs, bounded so one check stays a short CPU job on a shared server, and turned into the
/// workflow's request (<see cref="InterveneRequest"/>) or a sentence saying what to fix. The panel never measures
/// anything itself.
/// </summary>
public sealed class CausalCheckForm
{
    public const int MaxChats = 20, MaxNewTokensLimit = 96, MaxCeDocuments = 20, MaxAlphaCount = 4, MaxSamples = 4, MaxPromptCharacters = 1000;
    /// <summary>Largest |α| accepted (α is in the feature's activation units).</summary>
    public const double MaxAlpha = 1000;

    public CausalCheckMode Mode { get; set; } = CausalCheckMode.Ablate;
    /// <summary>Comma- or space-separated α values for steering.</summary>
    public string Alphas { get; set; } = "4, 8";
    /// <summary>Held-out chats of each kind (triggered, untriggered) for an organism's motive rate.</summary>
    public int Chats { get; set; } = 8;
    public int MaxNewTokens { get; set; } = 48;
    public int CeDocuments { get; set; } = 8;
    public int Samples { get; set; } = 2;
    /// <summary>The user message answered when the model is not an organism's.</summary>
    public string Prompt { get; set; } = "";

    /// <summary>The request for <paramref name="feature"/> against <paramref name="sources"/>, or what is wrong with the inputs.</summary>
    public (InterveneRequest? Request, string? Problem) ToRequest(int feature, CausalCheckSources sources)
    {
        if (Chats is < 1 or > MaxChats) return (null, $"Chats: between 1 and {MaxChats} of each kind.");
        if (MaxNewTokens is < 1 or > MaxNewTokensLimit) return (null, $"New tokens: between 1 and {MaxNewTokensLimit}.");
        if (CeDocuments is < 1 or > MaxCeDocuments) return (null, $"CE documents: between 1 and {MaxCeDocuments}.");
        if (Samples is < 1 or > MaxSamples) return (null, $"Samples: between 1 and {MaxSamples}.");
        IReadOnlyList<double> alphas = [];
        if (Mode == CausalCheckMode.Steer)
        {
            var (parsed, problem) = ParseAlphas(Alphas);
            if (parsed is null) return (null, problem);
            alphas = parsed;
        }
        string? prompt = null;
        if (sources.Organism is null)
        {
            prompt = Prompt.Trim();
            if (prompt.Length == 0) return (null, "This model is not an organism's: type a user message to answer.");
            if (prompt.Length > MaxPromptCharacters) return (null, $"The message has {prompt.Length} characters; at most {MaxPromptCharacters}.");
        }
        var request = new InterveneRequest
        {
            Model = sources.ModelDirectory,
            Sae = sources.SaeDirectory,
            Hook = sources.Hook,
            Organism = sources.Organism,
            Prompt = prompt,
            Ablate = Mode == CausalCheckMode.Ablate ? [feature] : [],
            Steer = Mode == CausalCheckMode.Steer ? feature : null,
            Alphas = alphas,
            Chats = Chats,
            Samples = Samples,
            CeDocuments = CeDocuments,
            MaxNewTokens = MaxNewTokens,
            Threads = 1,
        };
        return (request, null);
    }

    /// <summary>"4, 8 -2" → [4, 8, −2]; at most <see cref="MaxAlphaCount"/> finite values with |α| ≤ <see cref="MaxAlpha"/>.</summary>
    public static (IReadOnlyList<double>? Alphas, string? Problem) ParseAlphas(string text)
    {
        var parts = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) return (null, "Steering needs at least one α (e.g. 4, 8).");
        if (parts.Length > MaxAlphaCount) return (null, $"At most {MaxAlphaCount} α values (each adds a generation pass).");
        var values = new List<double>();
        foreach (string part in parts)
        {
            if (!double.TryParse(part.Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture, out double a) || !double.IsFinite(a))
                return (null, $"“{part}” is not a number.");
            if (Math.Abs(a) > MaxAlpha) return (null, $"α = {part} is beyond ±{MaxAlpha} (α is in the feature's activation units).");
            values.Add(a);
        }
        return (values.Distinct().ToList(), null);
    }
}
