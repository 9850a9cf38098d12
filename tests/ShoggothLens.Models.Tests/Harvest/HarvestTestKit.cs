using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Harvest;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;

namespace ShoggothLens.Models.Tests.Harvest;

/// <summary>The reference GPT-2 (d_model 64, 2 layers, vocab 1000) with the byte-level BPE fixture tokenizer, ready to harvest.</summary>
public sealed class HarvestTestKit : IDisposable
{
    public const string Hook0 = "blocks.0.hook_attn_out";
    public const string Hook1 = "blocks.1.hook_resid_post";

    public CausalLm Model { get; } = ReferenceModels.Load("gpt2");
    public ITextTokenizer Tokenizer { get; } = TokenizerLoader.Load(ReferenceFixtures.Tokenizer("bytelevel-bpe"));
    public ModelIdentity Identity { get; } = ModelIdentity.FromDirectory(ReferenceFixtures.Model("gpt2"));

    public ActivationHarvester Harvester => new(Model, Identity, Tokenizer, "bytelevel-bpe", new PlainTemplate());

    public static HarvestOptions Options(IReadOnlyList<string> corpus, string output) => new()
    {
        Corpus = corpus,
        Hooks = [Hook0, Hook1],
        Output = output,
        Context = 16,
        BatchSize = 3,
        ChunkTokens = 40,
        RecordsPerBlock = 2,
    };

    public HarvestResult Run(HarvestOptions options, CancellationToken cancellationToken = default, IProgress<HarvestProgress>? progress = null) =>
        Harvester.Run(options, progress, cancellationToken);

    /// <summary>Every token of a store in order: (document, position, token id, role, label names, activations per hook).</summary>
    public static List<(long Doc, int Pos, int Id, Core.Roles.Role Role, string[] Labels, float[][] Acts)> Tokens(string store)
    {
        var reader = ActivationStoreReader.Open(store);
        var result = new List<(long, int, int, Core.Roles.Role, string[], float[][])>();
        int d = reader.DModel;
        foreach (var chunk in reader.ReadChunks())
        {
            var acts = Enumerable.Range(0, reader.Hooks.Count).Select(chunk.ReadActivations).ToArray();
            for (int i = 0; i < chunk.Tokens; i++)
            {
                uint bits = chunk.LabelBits[i];
                var labels = chunk.LabelNames.Where((_, b) => (bits & (1u << b)) != 0).ToArray();
                result.Add((chunk.DocumentIndices[i], chunk.Positions[i], chunk.TokenIds[i], chunk.RoleOf(i), labels,
                    acts.Select(a => a.AsSpan(i * d, d).ToArray()).ToArray()));
            }
        }
        return result;
    }

    public void Dispose() => Model.Dispose();
}
