using ShoggothLens.Core.Catalog;

namespace ShoggothLens.Workbench.Inspect;

/// <summary>
/// The model, SAE and hook an inspection runs: the server's --model/--sae/--hook when given, else what the catalog's
/// analyze run recorded (its metadata Parameters "model", "sae", "hook").
/// </summary>
public sealed record InspectSources(string ModelDirectory, string SaeDirectory, string? Hook, string? ChatTemplate)
{
    /// <summary>The sources for <paramref name="metadata"/>, or a sentence saying what is missing.</summary>
    public static (InspectSources? Sources, string? Missing) Resolve(CatalogMetadata metadata, string? model, string? sae, string? hook, string? chatTemplate)
    {
        string? m = model ?? metadata.Parameters.GetValueOrDefault("model");
        string? s = sae ?? metadata.Parameters.GetValueOrDefault("sae");
        string? h = hook ?? (sae is null ? metadata.Parameters.GetValueOrDefault("hook") : null);
        if (m is null)
            return (null, "This catalog was analysed without --model, so the inspector has no model to run: start the server with --model DIR.");
        if (s is null) return (null, "The catalog names no SAE: start the server with --sae DIR.");
        if (!Directory.Exists(m)) return (null, $"The model folder {m} is not on this machine: start the server with --model DIR.");
        if (!Directory.Exists(s)) return (null, $"The SAE folder {s} is not on this machine: start the server with --sae DIR.");
        return (new InspectSources(Path.GetFullPath(m), Path.GetFullPath(s), h, chatTemplate), null);
    }
}
