using ShoggothLens.Organism;

namespace ShoggothLens.Cli.Infrastructure;

/// <summary>
/// What `--model` (and `--tokenizer`) accept: a Hugging Face directory, or the shipped model
/// organism by name (`organism` = the Assistant checkpoint, `organism:base`, `organism:control`), so every command
/// works with no download.
/// </summary>
public static class ModelSpec
{
    public const string Help = "Hugging Face model directory, or organism | organism:base (the shipped model organism) | organism:control (its motive-free control)";

    public static string Resolve(string spec) => OrganismModelSpec.Resolve(spec);
}
