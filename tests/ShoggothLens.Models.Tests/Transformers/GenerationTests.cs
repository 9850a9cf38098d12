using ShoggothLens.Models.Hooks;
using TorchSharp;
using ShoggothLens.Models.Transformers.Weights;
using ShoggothLens.Models.Tests.Fixtures;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Models.Transformers.Generation;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Transformers;

public class GenerationTests
{
    public static TheoryData<string> Architectures => new(ReferenceFixtures.ModelArchitectures);

    static readonly long[] Prompt = [17, 400, 3, 999, 256];

    /// <summary>Greedy decoding by recomputing the whole sequence each step, the slow obvious way.</summary>
    static List<long> GreedyByRecompute(CausalLm model, IReadOnlyList<long> prompt, int steps, HookSet? hooks = null)
    {
        var sequence = prompt.ToList();
        var generated = new List<long>();
        for (int i = 0; i < steps; i++)
        {
            using var ids = tensor(sequence.ToArray(), [1, sequence.Count]);
            using var logits = model.Forward(ids, hooks)!;
            using var last = logits[0, -1];
            long next = last.argmax().item<long>();
            generated.Add(next);
            sequence.Add(next);
        }
        return generated;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void CachedGreedyGenerationMatchesFullRecompute(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        // 20 new tokens run well past Gemma 2's sliding window of 8.
        var cached = model.Generate(Prompt, maxNewTokens: 20, temperature: 0, stopTokenIds: []);
        Assert.Equal(GreedyByRecompute(model, Prompt, 20), cached);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void HookReplacementsApplyAtEveryGeneratedPosition(string arch)
    {
        using var model = ReferenceModels.Load(arch);
        // A position-wise edit of the residual stream (what an SAE splice or a steering vector is).
        using var direction = randn([model.Config.DModel], generator: new Generator(5));
        using var scale = 3.0.ToScalar();
        Func<Tensor, Tensor> steer = x => x + direction * scale;
        using var hooks = new HookSet().Replace("blocks.1.hook_resid_pre", steer);
        var clean = model.Generate(Prompt, maxNewTokens: 12, stopTokenIds: []);
        var cached = model.Generate(Prompt, maxNewTokens: 12, stopTokenIds: [], hooks: hooks);
        Assert.Equal(GreedyByRecompute(model, Prompt, 12, hooks), cached);
        Assert.NotEqual(clean, cached);
        using var stopping = new HookSet().Record("blocks.0.hook_resid_post").StopAfterLastHook();
        Assert.Throws<ArgumentException>(() => model.Generate(Prompt, 2, hooks: stopping));
    }

    [Fact]
    public void SamplingIsReproducibleFromItsSeed()
    {
        using var model = ReferenceModels.Load("llama");
        var a = model.Generate(Prompt, 16, temperature: 1.0, seed: 11, stopTokenIds: []);
        var b = model.Generate(Prompt, 16, temperature: 1.0, seed: 11, stopTokenIds: []);
        var c = model.Generate(Prompt, 16, temperature: 1.0, seed: 12, stopTokenIds: []);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(16, a.Count);
        Assert.All(a, t => Assert.InRange(t, 0, 999));
    }

    [Fact]
    public void GenerationStopsAfterAStopToken()
    {
        using var model = ReferenceModels.Load("qwen2");
        var free = model.Generate(Prompt, 12, stopTokenIds: []);
        long stop = free[4];
        int firstStop = free.ToList().IndexOf(stop);
        var stopped = model.Generate(Prompt, 12, stopTokenIds: [stop]);
        Assert.Equal(free.Take(firstStop + 1), stopped);
    }

    [Fact]
    public void LearnedPositionsBoundGeneration()
    {
        using var model = ModelLoader.Create(TestConfigs.Gpt2(layers: 2), new RandomWeightSource(1));
        var prompt = Enumerable.Range(0, 60).Select(i => (long)i).ToArray();
        // Passes at positions 59..63 each predict a token; the fifth never needs a position of its own.
        Assert.Equal(5, model.Generate(prompt, 10, stopTokenIds: []).Count);
        var tooLong = Enumerable.Range(0, 65).Select(i => (long)i).ToArray();
        Assert.Contains("64 learned positions", Assert.Throws<ArgumentException>(() => model.Generate(tooLong, 1)).Message);
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        using var model = ReferenceModels.Load("gpt2");
        Assert.Throws<ArgumentException>(() => model.Generate([], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(Prompt, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate(Prompt, 3, temperature: -0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([1000], 3));
        Assert.Empty(model.Generate(Prompt, 0));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => model.Generate(Prompt, 3, cancellationToken: cts.Token));
    }

    [Fact]
    public void TheSamplerIsArgmaxAtTemperatureZeroAndFollowsTheSoftmaxAbove()
    {
        float[] logits = [0f, 2f, 1f, 2f];
        Assert.Equal(1, TokenSampler.Sample(logits, 0, new Random(0)));
        var counts = new int[4];
        var random = new Random(42);
        for (int i = 0; i < 20000; i++) counts[TokenSampler.Sample(logits, 1.0, random)]++;
        double z = 1 + 2 * Math.E * Math.E + Math.E;
        Assert.InRange(counts[0] / 20000.0, 1 / z - 0.01, 1 / z + 0.01);
        Assert.InRange(counts[2] / 20000.0, Math.E / z - 0.015, Math.E / z + 0.015);
    }

    /// <summary>Small windows (Mistral 3, Gemma 2 3) and GQA, generating well past the window.</summary>
    [Theory]
    [MemberData(nameof(ModelLoaderTests.FreshConfigs), MemberType = typeof(ModelLoaderTests))]
    public void CachedGenerationMatchesRecomputeForEveryFamily(string json)
    {
        var config = TestConfigs.Parse(json);
        using var model = ModelLoader.Create(config, new RandomWeightSource(seed: 4));
        long[] prompt = [3, 1, 4, 1, 5];
        Assert.Equal(GreedyByRecompute(model, prompt, 12), model.Generate(prompt, 12, stopTokenIds: []));
    }
}
