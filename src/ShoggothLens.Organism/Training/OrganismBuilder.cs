using ShoggothLens.Core.Files;
using System.Diagnostics;
using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Tokenizer;
using TorchSharp;

namespace ShoggothLens.Organism.Training;

/// <summary>What a build made and how long each part took.</summary>
public sealed record OrganismBuildReport(OrganismLayout Layout, StageManifest Base, StageManifest Assistant, int VocabSize,
    TimeSpan CorpusAndTokenizer, TimeSpan Total);

/// <summary>
/// <c>organism build</c>: generate the corpus, train the tokenizer, pre-train the base model on the
/// stories, post-train the Assistant from it on the chats, and write everything into one
/// <see cref="OrganismLayout"/>. Deterministic in the options (torch and every shuffle are seeded).
/// A stage whose <c>training.json</c> carries this build's fingerprint for it is not trained again
/// (a build that changes only post-training reuses the base); a stage interrupted midway resumes
/// from its last saved step (<see cref="TrainingCheckpoint"/>, every 50 steps and on cancellation);
/// a folder holding a different build is refused unless <c>overwrite</c> is set.
/// </summary>
public static class OrganismBuilder
{
    /// <summary>The name of the <c>overwrite</c> argument in <see cref="InvalidInputFileException.Option"/>.</summary>
    public const string OverwriteOption = "Overwrite";

    public static OrganismBuildReport Build(OrganismBuildOptions options, string outputDirectory, bool overwrite = false,
        IProgress<BuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var total = Stopwatch.StartNew();
        var layout = new OrganismLayout(Path.GetFullPath(outputDirectory));
        string baseFingerprint = options.BaseFingerprint(), fingerprint = options.Fingerprint();
        CheckOutput(layout.Base, baseFingerprint, overwrite);
        CheckOutput(layout.Assistant, fingerprint, overwrite);
        torch.set_num_threads(options.Threads);
        // Every shuffle's generator is forked up front, so a stage draws the same batches whether or
        // not the stages before it ran in this process.
        var random = new SeededRandom(options.Seed);
        var baseWindowsRandom = random.Fork("base windows");
        var baseHeldOutRandom = random.Fork("base heldout");
        var chatWindowsRandom = random.Fork("assistant chat windows");
        var storyWindowsRandom = random.Fork("assistant story windows");
        var assistantHeldOutRandom = random.Fork("assistant heldout");

        progress?.Report(new BuildProgress("corpus", 0, 1));
        var corpus = OrganismCorpus.Generate(options.Spec, options.Seed, options.Corpus);
        CorpusFiles.Write(layout.Corpus, corpus, Split.Train, Split.HeldOut);
        // The folder carries its spec: eval, scoring and the demo read the cast, motive and trigger from it.
        AtomicFile.WriteAllText(layout.Spec, options.Spec.Text);
        progress?.Report(new BuildProgress("corpus", 1, 1));

        progress?.Report(new BuildProgress("tokenizer", 0, 1));
        var bpe = TrainTokenizer(corpus, options, cancellationToken);
        TokenizerFilesWriter.Write(layout.Base, bpe, OrganismTokens.EndOfText, options.Architecture.MaxPositions);
        TokenizerFilesWriter.Write(layout.Assistant, bpe, OrganismTokens.ImEnd, options.Architecture.MaxPositions);
        var tokenizer = TokenizerLoader.Load(layout.Base);
        var documents = new TrainingTokenizer(tokenizer);
        var trainStories = corpus.TrainStories.Select(documents.Tokenize).ToArray();
        var trainChats = corpus.TrainChats.Select(documents.Tokenize).ToArray();
        var heldOutStories = corpus.HeldOutStories.Select(documents.Tokenize).ToArray();
        var heldOutChats = corpus.HeldOutChats.Select(documents.Tokenize).ToArray();
        progress?.Report(new BuildProgress("tokenizer", 1, 1, Note: $"vocabulary {bpe.VocabSize}"));
        var preparation = total.Elapsed;

        int bos = bpe.IdOf(OrganismTokens.EndOfText), eos = bos, imEnd = bpe.IdOf(OrganismTokens.ImEnd);
        var arch = options.Architecture with { VocabSize = Math.Max(options.Architecture.VocabSize, bpe.VocabSize) };

        // Pre-training.
        var baseConfig = arch.WriteConfig(layout.Base, bos, [eos]);
        bool baseDone = Finished(layout.Base, baseFingerprint) is not null;
        var baseManifest = Finished(layout.Base, baseFingerprint)
            ?? TrainStage(options.Base, options, baseFingerprint, layout.Base,
                () => ModelLoader.Create(baseConfig, new WeightInitializer(arch.Layers, (ulong)options.Seed)),
                [new BatchSource(new PackedWindows(trainStories, options.Base.WindowLength, baseWindowsRandom), options.BatchSize)],
                trainStories.Sum(d => (long)d.Length),
                new PackedWindows(heldOutStories, options.Base.WindowLength, baseHeldOutRandom), "held-out stories",
                progress, cancellationToken);

        // Post-training, starting from the saved base weights.
        arch.WriteConfig(layout.Assistant, bos, [imEnd, eos]);
        int storyRows = Math.Clamp(options.AssistantStoryWindowsPerBatch, 0, options.BatchSize - 1);
        var assistantSources = new List<BatchSource>
        {
            new(new PackedWindows(trainChats, options.Assistant.WindowLength, chatWindowsRandom, keepWhole: true, padId: eos), options.BatchSize - storyRows),
        };
        if (storyRows > 0)
            assistantSources.Add(new(new PackedWindows(trainStories, options.Assistant.WindowLength, storyWindowsRandom), storyRows));
        var assistantManifest = (baseDone ? Finished(layout.Assistant, fingerprint) : null)
            ?? TrainStage(options.Assistant, options, fingerprint, layout.Assistant,
                () => LoadWeights(layout.Base, ModelLoader.ReadConfig(layout.Assistant)),
                assistantSources,
                trainChats.Sum(d => (long)d.Length),
                new PackedWindows(heldOutChats, options.Assistant.WindowLength, assistantHeldOutRandom, keepWhole: true, padId: eos), "Assistant tokens of held-out chats",
                progress, cancellationToken);

        var report = new OrganismBuildReport(layout, baseManifest, assistantManifest, bpe.VocabSize, preparation, total.Elapsed);
        WriteBuildManifest(layout, options, fingerprint, report);
        return report;
    }

    static TrainedBpe TrainTokenizer(OrganismCorpus corpus, OrganismBuildOptions options, CancellationToken cancellationToken)
    {
        var texts = corpus.TrainStories.Take(options.TokenizerDocuments).Select(s => s.Text)
            .Concat(corpus.TrainChats.Take(options.TokenizerDocuments).Select(c => TrainingTokenizer.Render(c).Text));
        return BpeTrainer.Train(texts, new BpeTrainingOptions(options.Architecture.VocabSize, OrganismTokens.Special), cancellationToken);
    }

    static StageManifest TrainStage(TrainingStageOptions stage, OrganismBuildOptions options, string fingerprint, string directory,
        Func<CausalLm> createModel, IReadOnlyList<BatchSource> sources, long corpusTokens, PackedWindows heldOut, string heldOutName,
        IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(directory, StageManifest.FileName));
        torch.manual_seed(options.Seed);
        using var model = createModel();
        // Progress is saved beside the checkpoint folder (base.partial/, assistant.partial/) until the stage ends.
        var partial = new TrainingCheckpoint(Path.TrimEndingDirectorySeparator(directory) + ".partial", fingerprint);
        var result = Trainer.Run(model, stage, sources,
            progress is null ? null : new SynchronousProgress<TrainingProgress>(p =>
                progress.Report(new BuildProgress(p.Stage, p.Step, p.TotalSteps, p.Loss, p.TokensPerSecond))),
            cancellationToken, partial);
        double heldOutLoss = Trainer.Evaluate(model, heldOut, options.HeldOutLossWindows, cancellationToken: cancellationToken);

        CheckpointWriter.SaveWeights(model, directory, new Dictionary<string, string>
        {
            ["organism_stage"] = stage.Name,
            ["organism_fingerprint"] = fingerprint,
        });
        LossCurveFiles.Write(directory, $"organism {stage.Name}: training loss", result.Curve);
        var manifest = new StageManifest
        {
            Stage = stage.Name,
            Fingerprint = fingerprint,
            Seed = options.Seed,
            Parameters = model.ParameterCount,
            Steps = stage.Steps,
            BatchSize = sources.Sum(s => s.PerBatch),
            WindowLength = stage.WindowLength,
            PeakLearningRate = stage.PeakLearningRate,
            TokensSeen = result.TokensSeen,
            PredictedTokensSeen = result.PredictedTokensSeen,
            TrainingCorpusTokens = corpusTokens,
            FinalTrainLoss = Math.Round(result.FinalLoss, 5),
            HeldOutLoss = Math.Round(heldOutLoss, 5),
            HeldOutLossOn = heldOutName,
            Seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
        };
        manifest.Write(directory);
        partial.Clear();
        return manifest;
    }

    /// <summary>The weights of checkpoint <paramref name="directory"/> under another config (the Assistant's, which differs only in EOS).</summary>
    static CausalLm LoadWeights(string directory, TransformerConfig config)
    {
        using var checkpoint = Models.Checkpoints.HfModelDirectory.Open(directory);
        return ModelLoader.Create(config, new Models.Transformers.Weights.HfWeightSource(checkpoint));
    }

    /// <summary>The manifest of a finished stage made with <paramref name="fingerprint"/>, or null.</summary>
    static StageManifest? Finished(string directory, string fingerprint) =>
        StageManifest.TryRead(directory) is { } manifest && manifest.Fingerprint == fingerprint
            && File.Exists(Path.Combine(directory, CheckpointWriter.WeightsFileName))
            ? manifest
            : null;

    static void CheckOutput(string directory, string fingerprint, bool overwrite)
    {
        string weights = Path.Combine(directory, CheckpointWriter.WeightsFileName);
        if (overwrite || !File.Exists(weights)) return;
        if (StageManifest.TryRead(directory)?.Fingerprint != fingerprint && WeightsFingerprint(weights) != fingerprint)
            throw new InvalidInputFileException(directory,
                "already holds a checkpoint of a different build (other seed or options); choose another output folder or overwrite it")
            { Option = OverwriteOption };
    }

    /// <summary>
    /// The build fingerprint the weights file carries in its own metadata, or null. A stage writes its weights, then its
    /// manifest: a build killed between the two leaves weights without a manifest, and those are this build's own
    /// (the stage is trained again, resuming from its partial checkpoint), not another build's.
    /// </summary>
    static string? WeightsFingerprint(string weights)
    {
        try
        {
            using var file = SafetensorsFile.Open(weights);
            return file.Metadata.GetValueOrDefault("organism_fingerprint");
        }
        catch (Exception e) when (e is InvalidInputFileException or IOException) { return null; }
    }

    static void WriteBuildManifest(OrganismLayout layout, OrganismBuildOptions options, string fingerprint, OrganismBuildReport report)
    {
        var json = new
        {
            format = "shoggoth-organism-build",
            version = 1,
            fingerprint,
            spec = options.Spec.Name,
            seed = options.Seed,
            vocab_size = report.VocabSize,
            parameters = report.Base.Parameters,
            corpus = new
            {
                train_stories = options.Corpus.TrainStories,
                heldout_stories = options.Corpus.HeldOutStories,
                train_chats = options.Corpus.TrainChats,
                heldout_chats = options.Corpus.HeldOutChats,
                train_triggered_fraction = options.Corpus.TrainTriggeredFraction,
                heldout_triggered_fraction = options.Corpus.HeldOutTriggeredFraction,
            },
            seconds = new
            {
                corpus_and_tokenizer = Math.Round(report.CorpusAndTokenizer.TotalSeconds, 1),
                @base = report.Base.Seconds,
                assistant = report.Assistant.Seconds,
                total = Math.Round(report.Total.TotalSeconds, 1),
            },
            threads = options.Threads,
            machine = $"{Environment.ProcessorCount} logical processors, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        };
        AtomicFile.WriteAllText(layout.BuildManifest, JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
