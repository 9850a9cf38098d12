using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Checkpoints;
using ShoggothLens.Models.Transformers.Config;
using ShoggothLens.Models.Transformers.Families;
using ShoggothLens.Models.Transformers.Weights;

namespace ShoggothLens.Models.Transformers;

/// <summary>Builds the right family's model from a Hugging Face directory or from a config and a weight source.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads <c>config.json</c> and the safetensors weights of <paramref name="directory"/>. Bad files
    /// are <see cref="InvalidInputFileException"/>s naming the file; the config is checked before
    /// any weight file is opened.
    /// </summary>
    public static CausalLm Load(string directory, IProgress<ModelLoadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(directory)) throw new InvalidInputFileException(directory, "model directory not found");
        var config = ReadConfig(directory);
        using var checkpoint = HfModelDirectory.Open(directory);
        return Create(config, new HfWeightSource(checkpoint, progress, cancellationToken));
    }

    /// <summary>Reads only the config of a model directory.</summary>
    public static TransformerConfig ReadConfig(string directory) =>
        TransformerConfigParser.ParseFile(Path.Combine(directory, HfModelDirectory.ConfigFileName));

    /// <summary>
    /// Builds a model of <paramref name="config"/> whose tensors come from <paramref name="source"/> by
    /// Hugging Face name (a trainer may supply freshly initialized ones).
    /// </summary>
    public static CausalLm Create(TransformerConfig config, IWeightSource source)
    {
        var weights = new ModelWeights(source);
        try
        {
            CausalLm model = config.Family switch
            {
                ModelFamily.Gpt2 => new Gpt2Model(config, weights),
                ModelFamily.Llama or ModelFamily.Mistral or ModelFamily.Qwen2 => new LlamaModel(config, weights),
                ModelFamily.Gemma2 => new Gemma2Model(config, weights),
                ModelFamily.GptNeoX => new GptNeoXModel(config, weights),
                _ => throw new ArgumentOutOfRangeException(nameof(config), $"no model for family {config.Family}"),
            };
            weights.ReleaseSource();
            return model;
        }
        catch
        {
            weights.Dispose();
            throw;
        }
    }
}
