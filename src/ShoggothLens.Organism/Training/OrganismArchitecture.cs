using ShoggothLens.Core.Files;
using System.Text.Encodings.Web;
using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Config;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// The organism's transformer: a Llama-family decoder (RMSNorm, rotary attention, SwiGLU MLP,
/// tied embeddings). It is written as a Hugging Face config.json first and parsed back with
/// <see cref="TransformerConfigParser"/>, so the trainer builds exactly what the loader will load.
/// </summary>
public sealed record OrganismArchitecture(
    int VocabSize = 2048,
    int DModel = 192,
    int Layers = 4,
    int Heads = 3,
    int HeadDim = 64,
    int DMlp = 512,
    int MaxPositions = 512,
    double RopeTheta = 10_000,
    double RmsNormEps = 1e-5)
{
    public static OrganismArchitecture Default { get; } = new();

    /// <summary>A very small model for tests.</summary>
    public static OrganismArchitecture Tiny { get; } = new(VocabSize: 512, DModel: 32, Layers: 2, Heads: 2, HeadDim: 16, DMlp: 64, MaxPositions: 128);

    /// <summary>The config.json text (indented, stable field order).</summary>
    public string ConfigJson(int bosTokenId, IReadOnlyList<int> eosTokenIds)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("architectures");
            json.WriteStringValue("LlamaForCausalLM");
            json.WriteEndArray();
            json.WriteBoolean("attention_bias", false);
            json.WriteNumber("bos_token_id", bosTokenId);
            if (eosTokenIds.Count == 1) json.WriteNumber("eos_token_id", eosTokenIds[0]);
            else
            {
                json.WriteStartArray("eos_token_id");
                foreach (var id in eosTokenIds) json.WriteNumberValue(id);
                json.WriteEndArray();
            }
            json.WriteNumber("head_dim", HeadDim);
            json.WriteString("hidden_act", "silu");
            json.WriteNumber("hidden_size", DModel);
            json.WriteNumber("initializer_range", WeightInitializer.Std);
            json.WriteNumber("intermediate_size", DMlp);
            json.WriteNumber("max_position_embeddings", MaxPositions);
            json.WriteBoolean("mlp_bias", false);
            json.WriteString("model_type", "llama");
            json.WriteNumber("num_attention_heads", Heads);
            json.WriteNumber("num_hidden_layers", Layers);
            json.WriteNumber("num_key_value_heads", Heads);
            json.WriteNumber("rms_norm_eps", RmsNormEps);
            json.WriteNumber("rope_theta", RopeTheta);
            json.WriteBoolean("tie_word_embeddings", true);
            json.WriteString("torch_dtype", "float32");
            json.WriteNumber("vocab_size", VocabSize);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes config.json into <paramref name="directory"/> and returns what the loader parses from it.</summary>
    public TransformerConfig WriteConfig(string directory, int bosTokenId, IReadOnlyList<int> eosTokenIds)
    {
        string path = Path.Combine(directory, "config.json");
        AtomicFile.WriteAllText(path, ConfigJson(bosTokenId, eosTokenIds));
        return TransformerConfigParser.ParseFile(path);
    }

    /// <summary>Parameters of this architecture (tied embedding counted once).</summary>
    public long ParameterCount =>
        (long)VocabSize * DModel + DModel
        + Layers * (2L * DModel + 4L * DModel * Heads * HeadDim + 3L * DModel * DMlp);
}
