using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tests.Fixtures;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void AFewStepsOnTheCorpusLowerTheLoss()
    {
        using var dir = new TempDirectory();
        var arch = OrganismArchitecture.Tiny;
        var config = arch.WriteConfig(dir.Path, 509, [509]);
        using var model = ModelLoader.Create(config, new WeightInitializer(arch.Layers, 11));
        var documents = new TrainingTokenizer(TinyOrganism.Tokenizer);
        var stories = TinyOrganism.Corpus.TrainStories.Select(documents.Tokenize).ToArray();
        var windows = new PackedWindows(stories, 32, new SeededRandom(4));
        var heldOut = new PackedWindows(TinyOrganism.Corpus.HeldOutStories.Select(documents.Tokenize).ToArray(), 32, new SeededRandom(5));

        double before = Trainer.Evaluate(model, heldOut, 8);
        var result = Trainer.Run(model, new TrainingStageOptions("test", Steps: 25, WindowLength: 32, PeakLearningRate: 1e-2,
            FloorLearningRate: 1e-3, WarmupSteps: 3), [new BatchSource(windows, 4)]);
        double after = Trainer.Evaluate(model, heldOut, 8);

        Assert.Equal(25, result.Curve.Count);
        Assert.Equal(25L * 4 * 32, result.TokensSeen);
        Assert.InRange(before, Math.Log(512) - 0.5, Math.Log(512) + 0.5);   // a fresh model is near uniform
        Assert.True(after < before - 1.0, $"held-out loss {before:F3} → {after:F3}");
        Assert.True(result.Curve[^1].Loss < result.Curve[0].Loss - 1.0);
        Assert.False(model.RequiresGrad);
    }

    [Fact]
    public void AnInterruptedStageResumesFromItsCheckpointBitForBit()
    {
        using var dir = new TempDirectory();
        var arch = OrganismArchitecture.Tiny;
        var config = arch.WriteConfig(dir.Path, 509, [509]);
        var documents = new TrainingTokenizer(TinyOrganism.Tokenizer);
        var stories = TinyOrganism.Corpus.TrainStories.Select(documents.Tokenize).ToArray();
        var stage = new TrainingStageOptions("test", Steps: 8, WindowLength: 32, PeakLearningRate: 1e-2, FloorLearningRate: 1e-3, WarmupSteps: 2);
        BatchSource[] Sources() => [new BatchSource(new PackedWindows(stories, 32, new SeededRandom(4)), 3)];

        using var straight = ModelLoader.Create(config, new WeightInitializer(arch.Layers, 11));
        var expected = Trainer.Run(straight, stage, Sources());

        var saved = new TrainingCheckpoint(Path.Combine(dir.Path, "partial"), "fp", EverySteps: 3);
        using (var interrupted = ModelLoader.Create(config, new WeightInitializer(arch.Layers, 11)))
        {
            using var stop = new CancellationTokenSource();
            var progress = new SynchronousProgress<TrainingProgress>(p => { if (p.Step == 5) stop.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => Trainer.Run(interrupted, stage, Sources(), progress, stop.Token, saved));
        }
        Assert.Single(Directory.GetDirectories(saved.Directory, "step-*"), d => d.EndsWith("step-000005"));

        // Another fingerprint does not resume from it.
        Assert.Null(new TrainingCheckpoint(saved.Directory, "other").TryLoad("test", straight, torch_optim(straight)));

        using var resumed = ModelLoader.Create(config, new WeightInitializer(arch.Layers, 11));
        var steps = new List<int>();
        var result = Trainer.Run(resumed, stage, Sources(), new SynchronousProgress<TrainingProgress>(p => steps.Add(p.Step)), default, saved);
        Assert.Equal([6, 7, 8], steps);
        Assert.Equal(expected.Curve, result.Curve);
        Assert.Equal(expected.TokensSeen, result.TokensSeen);
        foreach (var ((name, a), (_, b)) in straight.NamedParameters.Zip(resumed.NamedParameters))
            Assert.True((a - b).abs().max().item<float>() == 0, $"{name} differs after resuming");
    }

    static TorchSharp.Modules.AdamW torch_optim(CausalLm model) => TorchSharp.torch.optim.AdamW(model.Parameters());

    [Fact]
    public void TheInitializerScalesResidualProjectionsAndSetsNormsToOne()
    {
        var init = new WeightInitializer(layers: 8, seed: 1);
        using var q = init.Load("model.layers.0.self_attn.q_proj.weight", [256, 256]);
        using var o = init.Load("model.layers.0.self_attn.o_proj.weight", [256, 256]);
        using var norm = init.Load("model.layers.0.input_layernorm.weight", [256]);
        Assert.Equal(0.02, q.std().item<float>(), 3);
        Assert.Equal(0.02 / 4, o.std().item<float>(), 3);
        Assert.All(norm.data<float>().ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void TheWrittenConfigIsWhatTheLoaderParses()
    {
        using var dir = new TempDirectory();
        var arch = OrganismArchitecture.Default;
        var config = arch.WriteConfig(dir.Path, 2045, [2047, 2045]);
        Assert.Equal(ModelFamily.Llama, config.Family);
        Assert.Equal((arch.VocabSize, arch.DModel, arch.Layers, arch.Heads, arch.HeadDim, arch.DMlp),
            (config.VocabSize, config.DModel, config.NLayers, config.NHeads, config.HeadDim, config.DMlp));
        Assert.True(config.TiedEmbeddings);
        Assert.Equal([2047L, 2045L], config.EosTokenIds);
        using var model = ModelLoader.Create(config, new WeightInitializer(arch.Layers, 1));
        Assert.Equal(arch.ParameterCount, model.ParameterCount);
        Assert.True(arch.ParameterCount * 4 < 10_000_000, "float32 weights must stay under 10 MB");
    }
}
