using ShoggothLens.Core.Safetensors;
using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Organism.Training;

/// <summary>Saves a model's parameters as <c>model.safetensors</c> (float32, Hugging Face names, metadata "format": "pt").</summary>
public static class CheckpointWriter
{
    public const string WeightsFileName = "model.safetensors";

    public static void SaveWeights(CausalLm model, string directory, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = model.NamedParameters.Select(p =>
        {
            using var contiguous = p.Parameter.detach().contiguous();
            return SafetensorsTensor.Float32(p.Name, p.Parameter.shape, contiguous.data<float>().ToArray());
        }).ToList();
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { ["format"] = "pt" };
        SafetensorsWriter.Write(Path.Combine(directory, WeightsFileName), tensors, meta);
    }
}
