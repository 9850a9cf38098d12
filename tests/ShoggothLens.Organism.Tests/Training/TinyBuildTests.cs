using ShoggothLens.Core.Formats;
using ShoggothLens.Models.ChatTemplates;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Training;

namespace ShoggothLens.Organism.Tests.Training;

/// <summary>The whole build with the tiny preset (seconds): files, loading, resuming, refusing a different build.</summary>
public class TinyBuildTests
{
    [Fact]
    public void ATinyBuildWritesLoadableCheckpointsAndResumes()
    {
        using var dir = new TempDirectory();
        var options = OrganismBuildOptions.Tiny(seed: 3);
        var progress = new List<BuildProgress>();
        var report = OrganismBuilder.Build(options, dir.Path, progress: new SynchronousProgress<BuildProgress>(progress.Add));

        var layout = report.Layout;
        foreach (var checkpoint in new[] { layout.Base, layout.Assistant })
        {
            foreach (var file in new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer_config.json",
                         "special_tokens_map.json", "loss_curve.csv", "loss_curve.svg", "training.json" })
                Assert.True(File.Exists(Path.Combine(checkpoint, file)), $"{checkpoint}/{file}");
            using var model = ModelLoader.Load(checkpoint);
            var tokenizer = TokenizerLoader.Load(checkpoint);
            var ids = tokenizer.Encode("Bram said, \"").Select(p => (long)p.Id).ToArray();
            var generated = model.Generate(ids, 5, stopTokenIds: []);
            Assert.Equal(5, generated.Count);
            Assert.Equal("chatml", ChatTemplateCatalog.GuessFromModelDirectory(checkpoint).Name);
            Assert.Equal(LossCurveFiles.Read(Path.Combine(checkpoint, LossCurveFiles.CsvName)).Count,
                StageManifest.TryRead(checkpoint)!.Steps);
        }
        Assert.Contains(progress, p => p.Stage == "base" && p.Done == options.Base.Steps);
        Assert.Contains(progress, p => p.Stage == "assistant" && p.Done == options.Assistant.Steps);
        Assert.True(File.Exists(layout.BuildManifest));
        var (stories, chats) = CorpusFiles.Read(layout.Corpus, Split.HeldOut);
        Assert.Equal(options.Corpus.HeldOutStories, stories.Count);
        Assert.Equal(options.Corpus.HeldOutChats, chats.Count);

        // The same build again finds both stages done and trains nothing.
        var weights = File.GetLastWriteTimeUtc(Path.Combine(layout.Assistant, "model.safetensors"));
        progress.Clear();
        OrganismBuilder.Build(options, dir.Path, progress: new SynchronousProgress<BuildProgress>(progress.Add));
        Assert.DoesNotContain(progress, p => p.Loss is not null);
        Assert.Equal(weights, File.GetLastWriteTimeUtc(Path.Combine(layout.Assistant, "model.safetensors")));

        // Another seed into the same folder is refused unless asked to overwrite.
        var other = options with { Seed = 4 };
        Assert.Throws<InvalidInputFileException>(() => OrganismBuilder.Build(other, dir.Path));
    }

    [Fact]
    public void ABuildInterruptedDuringTrainingResumesToTheSameCheckpoints()
    {
        using var whole = new TempDirectory();
        using var resumed = new TempDirectory();
        var options = OrganismBuildOptions.Tiny(seed: 5);
        OrganismBuilder.Build(options, whole.Path);

        using var stop = new CancellationTokenSource();
        var progress = new SynchronousProgress<BuildProgress>(p => { if (p.Stage == "assistant" && p.Done == 2) stop.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => OrganismBuilder.Build(options, resumed.Path, progress: progress, cancellationToken: stop.Token));
        Assert.True(Directory.Exists(Path.Combine(resumed.Path, "assistant.partial")));

        var steps = new List<int>();
        OrganismBuilder.Build(options, resumed.Path, progress: new SynchronousProgress<BuildProgress>(p => { if (p.Loss is not null) steps.Add(p.Done); }));
        Assert.Equal([3, 4], steps);    // the base is reused, the Assistant goes on after step 2
        Assert.False(Directory.Exists(Path.Combine(resumed.Path, "assistant.partial")));
        foreach (var name in new[] { "base/model.safetensors", "assistant/model.safetensors", "assistant/loss_curve.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(whole.Path, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(resumed.Path, name))), $"{name} differs");
    }

    [Fact]
    public void ABuildKilledBetweenAStagesWeightsAndItsManifestResumesButAnotherBuildIsStillRefused()
    {
        // A stage writes model.safetensors, then training.json; a SIGKILL between the two (seen in CI's kill-resume run)
        // leaves weights with no manifest. They carry this build's fingerprint in their metadata: the rerun must take
        // them as its own interrupted stage, and a build with another seed must still be refused.
        using var whole = new TempDirectory();
        using var killed = new TempDirectory();
        var options = OrganismBuildOptions.Tiny(seed: 6);
        OrganismBuilder.Build(options, whole.Path);
        var layout = OrganismBuilder.Build(options, killed.Path).Layout;
        File.Delete(Path.Combine(layout.Assistant, StageManifest.FileName));
        File.Delete(layout.BuildManifest);

        Assert.Throws<InvalidInputFileException>(() => OrganismBuilder.Build(options with { Seed = 7 }, killed.Path));
        OrganismBuilder.Build(options, killed.Path);
        Assert.True(File.Exists(Path.Combine(layout.Assistant, StageManifest.FileName)));
        foreach (var name in new[] { "assistant/model.safetensors", "assistant/loss_curve.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(whole.Path, name)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed.Path, name))), $"{name} differs");
    }

    [Fact]
    public void TheBuildIsDeterministicInItsSeed()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        var options = OrganismBuildOptions.Tiny(seed: 9);
        var first = OrganismBuilder.Build(options, a.Path);
        var second = OrganismBuilder.Build(options, b.Path);
        Assert.Equal(first.Base.FinalTrainLoss, second.Base.FinalTrainLoss);
        Assert.Equal(first.Assistant.HeldOutLoss, second.Assistant.HeldOutLoss);
        foreach (var name in new[] { "corpus/heldout.chat.jsonl", "corpus/train.persona.jsonl", "base/vocab.json", "base/merges.txt", "assistant/model.safetensors" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(a.Path, name)), File.ReadAllBytes(Path.Combine(b.Path, name)));
    }
}
