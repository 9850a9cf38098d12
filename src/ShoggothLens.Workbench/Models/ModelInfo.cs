using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Workbench.Models;

/// <summary>What a model is: its configuration (family, widths, layers, vocabulary), parameter count and hook points.</summary>
public sealed record ModelInfo(TransformerConfig Config, long Parameters, IReadOnlyList<string> HookPoints);
