using ShoggothLens.Models.Transformers.Weights;
using System.Text.Json;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Config;

namespace ShoggothLens.Models.Tests.Fixtures;

/// <summary>Small configs for models built from <see cref="RandomWeightSource"/>.</summary>
public static class TestConfigs
{
    public static TransformerConfig Parse(string json) =>
        TransformerConfigParser.Parse(JsonDocument.Parse(json).RootElement, "inline test config");

    /// <summary>GPT-2 with d_model 32, 4 heads, vocab 1000 and 64 learned positions.</summary>
    public static TransformerConfig Gpt2(int layers) =>
        Parse($$"""{"model_type":"gpt2","vocab_size":1000,"n_embd":32,"n_layer":{{layers}},"n_head":4,"n_positions":64}""");
}
