namespace ShoggothLens.Organism;

/// <summary>
/// Model specs that name the shipped organism wherever a model directory is expected:
/// <c>organism</c> (the Assistant, post-trained), <c>organism:assistant</c> and <c>organism:base</c>
/// (pre-training only), and <c>organism:control</c> (the Assistant of the motive-free control,
/// <see cref="ShippedOrganism.ControlLayout"/>). Case-insensitive. Anything else is a path (write <c>./organism</c> for a
/// folder of that name).
/// </summary>
public static class OrganismModelSpec
{
    public const string Prefix = "organism";

    /// <summary>The variant naming the motive-free control's Assistant.</summary>
    public const string Control = ShippedOrganism.ControlFolderName;

    /// <summary>The specs this class understands, for help texts.</summary>
    public static IReadOnlyList<string> Specs { get; } = ["organism", "organism:assistant", "organism:base", "organism:control"];

    /// <summary>True when <paramref name="spec"/> is "organism" or starts with "organism:".</summary>
    public static bool IsOrganismSpec(string? spec)
    {
        string s = spec?.Trim() ?? "";
        return s.Equals(Prefix, StringComparison.OrdinalIgnoreCase) || s.StartsWith(Prefix + ":", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// For an organism spec, sets <paramref name="directory"/> to the shipped checkpoint and returns
    /// true; for anything else returns false (and <paramref name="directory"/> is the spec unchanged).
    /// </summary>
    /// <exception cref="ArgumentException">"organism:" followed by something other than base, assistant or control.</exception>
    /// <exception cref="Core.Formats.InvalidInputFileException">The shipped checkpoint is missing.</exception>
    public static bool TryResolve(string spec, out string directory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        directory = spec;
        if (!IsOrganismSpec(spec)) return false;
        string s = spec.Trim();
        string variant = s.Length == Prefix.Length ? OrganismLayout.AssistantName : s[(Prefix.Length + 1)..].ToLowerInvariant();
        if (variant is not (OrganismLayout.BaseName or OrganismLayout.AssistantName or Control))
            throw new ArgumentException($"unknown organism checkpoint '{spec}' (use {string.Join(", ", Specs)})", nameof(spec));
        directory = variant == Control ? ShippedOrganism.ControlDirectory() : ShippedOrganism.Directory(variant);
        return true;
    }

    /// <summary>The model directory a spec names: the shipped checkpoint for an organism spec, else the spec itself.</summary>
    public static string Resolve(string spec) => TryResolve(spec, out string directory) ? directory : spec;
}
