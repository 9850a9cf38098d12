using ShoggothLens.Core.Formats;
using ShoggothLens.Sae.Architectures;

namespace ShoggothLens.Sae.Formats;

/// <summary>Finds which layout a path holds and loads it: SAELens, sparsify (a hook folder, or a checkpoint with one), Gemma Scope.</summary>
public static class SaeFiles
{
    public static LoadedSae Load(string path)
    {
        if (File.Exists(path) && path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            return GemmaScopeFormat.Load(path);
        if (!Directory.Exists(path))
            throw new InvalidInputFileException(path, "no such SAE directory");
        return DetectLayout(path) switch
        {
            (SaeLayout.SaeLens, var dir) => SaeLensFormat.Load(dir),
            (SaeLayout.Sparsify, var dir) => SparsifyFormat.Load(dir),
            (SaeLayout.GemmaScope, var dir) => GemmaScopeFormat.Load(dir),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }

    /// <summary>The layout and the folder that holds its files (a sparsify checkpoint root with one hook folder resolves to that folder).</summary>
    public static (SaeLayout Layout, string Directory) DetectLayout(string directory)
    {
        if (File.Exists(Path.Combine(directory, SaeLensFormat.WeightsFile))) return (SaeLayout.SaeLens, directory);
        if (File.Exists(Path.Combine(directory, SparsifyFormat.WeightsFile))) return (SaeLayout.Sparsify, directory);
        if (GemmaScopeFormat.Looks(directory)) return (SaeLayout.GemmaScope, directory);
        var hooks = Directory.GetDirectories(directory).Where(SparsifyFormat.Looks).ToList();
        return hooks.Count switch
        {
            1 => (SaeLayout.Sparsify, hooks[0]),
            0 => throw new InvalidInputFileException(directory,
                $"no SAE here: expected {SaeLensFormat.WeightsFile} + {SaeLensFormat.ConfigFile} (SAELens), {SparsifyFormat.WeightsFile} + {SparsifyFormat.ConfigFile} (sparsify) or {GemmaScopeFormat.ParamsFile} (Gemma Scope)"),
            _ => throw new InvalidInputFileException(directory,
                $"a sparsify checkpoint with {hooks.Count} hooks; name one folder: {string.Join(", ", hooks.Select(Path.GetFileName))}"),
        };
    }
}
