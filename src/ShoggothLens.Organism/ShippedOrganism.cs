using ShoggothLens.Core.Formats;

namespace ShoggothLens.Organism;

/// <summary>
/// The organism that ships with ShoggothLens: the committed <c>Checkpoints/</c> folder of this
/// project, copied beside every program that references it as <c>organism/</c>
/// (<c>organism/base</c>, <c>organism/assistant</c>, <c>organism/corpus</c> with the held-out split).
/// </summary>
public static class ShippedOrganism
{
    public const string FolderName = "organism";

    /// <summary>The shipped folder beside the running program.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, FolderName);

    public static OrganismLayout Layout => new(Root);

    /// <summary>True when both checkpoints are present beside the program.</summary>
    public static bool IsAvailable =>
        File.Exists(Path.Combine(Layout.Base, "config.json")) && File.Exists(Path.Combine(Layout.Assistant, "config.json"));

    /// <summary>The directory of checkpoint "base" or "assistant".</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    /// <exception cref="InvalidInputFileException">The checkpoint is not beside the program.</exception>
    public static string Directory(string checkpoint)
    {
        string directory = Layout.Checkpoint(checkpoint);
        if (!File.Exists(Path.Combine(directory, "config.json")) || !File.Exists(Path.Combine(directory, "model.safetensors")))
            throw new InvalidInputFileException(directory,
                $"the shipped organism's {checkpoint} checkpoint is missing; it is copied there when a project referencing " +
                "ShoggothLens.Organism is built (or rebuild it with `shoggoth organism build`)");
        return directory;
    }
}
