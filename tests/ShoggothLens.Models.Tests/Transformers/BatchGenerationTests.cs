using ShoggothLens.Models.Hooks;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Transformers;

/// <summary>Batched generation (left padding, a masked KV cache, finished rows leaving the batch) against one prompt at a time.</summary>
public class BatchGenerationTests
{
    public static TheoryData<string> Architectures => new(ReferenceFixtures.ModelArchitectures);

    // Different lengths, so every row but the longest is left-padded.
    static readonly long[][] Prompts = [[17, 400, 3, 999, 256], [5], [42, 42, 7], [900, 1, 2, 3, 4, 5, 6, 7, 8]];

    static IReadOnlyList<long>[] OneByOne(ICausalLm model, int steps, double temperature, int[] seeds, IReadOnlyCollection<long> stops, HookSet? hooks = null) =>
        Prompts.Select((p, i) => model.Generate(p, steps, temperature, seeds[i], stops, hooks: hooks)).ToArray();

    [Theory]
    [MemberData(nameof(Architectures))]
    public void GreedyBatchEqualsEachPromptAlone(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        int[] seeds = [0, 0, 0, 0];
        // 20 new tokens run past Gemma 2's sliding window of 8, with padding in front of the short prompts.
        var batched = model.GenerateBatch(Prompts, 20, 0, seeds, stopTokenIds: []);
        Assert.Equal(OneByOne(model, 20, 0, seeds, []), batched);
    }

    /// <summary>Small windows (Mistral 3, Gemma 2 3) and GQA: the window counts real positions, not padded columns.</summary>
    [Theory]
    [MemberData(nameof(ModelLoaderTests.FreshConfigs), MemberType = typeof(ModelLoaderTests))]
    public void GreedyBatchEqualsEachPromptAloneForEveryFamily(string json)
    {
        using var model = ModelLoader.Create(TestConfigs.Parse(json), new RandomWeightSource(seed: 4));
        long[][] prompts = [[3, 1, 4, 1, 5], [2], [7, 1, 8]];
        var batched = model.GenerateBatch(prompts, 12, 0, [0, 0, 0], stopTokenIds: []);
        Assert.Equal(prompts.Select(p => model.Generate(p, 12, stopTokenIds: [])).ToArray(), batched);
    }

    [Fact]
    public void SampledRowsFollowTheirOwnSeeds()
    {
        using var model = ReferenceModels.Load("llama");
        int[] seeds = [11, 12, 13, 11];
        var batched = model.GenerateBatch(Prompts, 16, 1.0, seeds, stopTokenIds: []);
        Assert.Equal(OneByOne(model, 16, 1.0, seeds, []), batched);
    }

    [Fact]
    public void RowsStopOnTheirOwnAndTheRestGoOn()
    {
        using var model = ReferenceModels.Load("qwen2");
        int[] seeds = [0, 0, 0, 0];
        var free = OneByOne(model, 12, 0, seeds, []);
        long stop = free[1][3];   // the second prompt stops by its fourth token at the latest
        var batched = model.GenerateBatch(Prompts, 12, 0, seeds, stopTokenIds: [stop]);
        Assert.Equal(OneByOne(model, 12, 0, seeds, [stop]), batched);
        Assert.True(batched[1].Count <= 4);
        Assert.Contains(batched, row => row.Count == 12 && !row.Contains(stop));
    }

    [Fact]
    public void HookReplacementsApplyToEveryRow()
    {
        using var model = ReferenceModels.Load("gpt2");   // learned positions: left padding must not shift them
        using var direction = randn([model.Config.DModel], generator: new Generator(5));
        using var scale = 3.0.ToScalar();
        Func<Tensor, Tensor> steer = x => x + direction * scale;
        using var hooks = new HookSet().Replace("blocks.1.hook_resid_pre", steer);
        int[] seeds = [0, 0, 0, 0];
        var batched = model.GenerateBatch(Prompts, 10, 0, seeds, stopTokenIds: [], hooks: hooks);
        Assert.Equal(OneByOne(model, 10, 0, seeds, [], hooks), batched);
        Assert.NotEqual(OneByOne(model, 10, 0, seeds, []), batched);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        using var model = ReferenceModels.Load("gpt2");
        Assert.Throws<ArgumentException>(() => model.GenerateBatch([[1], []], 3, 0, [0, 0]));
        Assert.Throws<ArgumentException>(() => model.GenerateBatch([[1]], 3, 0, [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GenerateBatch([[1]], -1, 0, [0]));
        Assert.Empty(model.GenerateBatch([], 3, 0, []));
        Assert.All(model.GenerateBatch([[1], [2]], 0, 0, [0, 0]), Assert.Empty);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.GenerateBatch([[1]], 3, 0, [0], cancellationToken: cts.Token));
    }
}
