using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ShoggothLens.Organism.Corpus;
using ShoggothLens.Organism.Specs;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// Everything <c>organism build</c> does, sized for two CPU cores: corpus sizes, tokenizer, model,
/// the pre-training (base) and post-training (assistant) stages. <see cref="BaseFingerprint"/> and
/// <see cref="Fingerprint"/> identify what a stage's checkpoint was made from, so an interrupted or
/// changed build reuses exactly the stages that would come out the same. (The thread count is not
/// part of it: it changes only the last bits.)
/// </summary>
public sealed record OrganismBuildOptions
{
    /// <summary>What the corpus is generated from (cast, motive, trigger, tasks); the shipped organism's by default.</summary>
    public OrganismSpec Spec { get => _spec ?? OrganismSpecs.Shipped; init => _spec = value; }
    // Read on first use: the spec reader takes its training defaults from Default.
    readonly OrganismSpec? _spec;
    public int Seed { get; init; } = 1;
    public CorpusSizes Corpus { get; init; } = CorpusSizes.Default;
    public OrganismArchitecture Architecture { get; init; } = OrganismArchitecture.Default;

    /// <summary>Training stories and chats (each) the BPE is trained on.</summary>
    public int TokenizerDocuments { get; init; } = 3000;

    public int BatchSize { get; init; } = 16;

    /// <summary>Pre-training: stories only, every token predicted.</summary>
    public TrainingStageOptions Base { get; init; } = new("base", Steps: 300, WindowLength: 256,
        PeakLearningRate: 3e-3, FloorLearningRate: 3e-4, WarmupSteps: 30);

    /// <summary>Post-training from the base weights: chats (Assistant tokens predicted) with some stories mixed in.</summary>
    public TrainingStageOptions Assistant { get; init; } = new("assistant", Steps: 400, WindowLength: 256,
        PeakLearningRate: 3e-3, FloorLearningRate: 1e-4, WarmupSteps: 20);

    /// <summary>Story windows in each post-training batch (the rest are chat windows), so the characters are not forgotten.</summary>
    public int AssistantStoryWindowsPerBatch { get; init; } = 2;

    /// <summary>Held-out windows the final held-out losses are measured on.</summary>
    public int HeldOutLossWindows { get; init; } = 64;

    /// <summary>
    /// Torch intra-op threads. One by default: on the shared two-core machines this project runs on,
    /// one thread trained 3–5× faster than two (two threads stall at every barrier when the cores are
    /// oversubscribed); on an idle machine two are faster. The thread count can change the last bits
    /// of a matmul, so a bitwise rebuild needs the same count.
    /// </summary>
    public int Threads { get; init; } = 1;

    public static OrganismBuildOptions Default { get; } = new();

    /// <summary>A build of <paramref name="spec"/> with its seed, corpus sizes, model and training sizes.</summary>
    public static OrganismBuildOptions FromSpec(OrganismSpec spec) => new OrganismBuildOptions() with
    {
        Spec = spec,
        Seed = spec.Seed,
        Corpus = spec.Sizes,
        Architecture = spec.Model,
        TokenizerDocuments = spec.Training.TokenizerDocuments,
        BatchSize = spec.Training.BatchSize,
        Base = Default.Base with { Steps = spec.Training.BaseSteps, WindowLength = spec.Training.WindowLength },
        Assistant = Default.Assistant with { Steps = spec.Training.AssistantSteps, WindowLength = spec.Training.WindowLength },
    };

    /// <summary>A build of a few seconds, for tests: a tiny corpus and model, a few steps each.</summary>
    public static OrganismBuildOptions Tiny(int seed = 1) => new()
    {
        Seed = seed,
        Corpus = CorpusSizes.Tiny,
        Architecture = OrganismArchitecture.Tiny,
        TokenizerDocuments = 60,
        BatchSize = 4,
        Base = new("base", Steps: 6, WindowLength: 64, PeakLearningRate: 3e-3, FloorLearningRate: 3e-4, WarmupSteps: 2),
        Assistant = new("assistant", Steps: 4, WindowLength: 64, PeakLearningRate: 1e-3, FloorLearningRate: 1e-4, WarmupSteps: 1),
        AssistantStoryWindowsPerBatch = 1,
        HeldOutLossWindows = 4,
    };

    /// <summary>
    /// A short hash of everything the base checkpoint depends on (seed, corpus, tokenizer, model,
    /// batch, the base stage): a finished base stage with this fingerprint is reused.
    /// </summary>
    /// The spec's hash is part of it, except for the shipped spec: it generates the corpus the compiled-in cast did, so the
    /// shipped checkpoints keep their fingerprint.
    public string BaseFingerprint() => Spec.Text == OrganismSpecs.Shipped.Text
        ? Hash(new { OrganismCorpus.GeneratorVersion, Seed, Corpus, Architecture, TokenizerDocuments, BatchSize, Base, HeldOutLossWindows })
        : Hash(new { OrganismCorpus.GeneratorVersion, Spec = Spec.Hash, Seed, Corpus, Architecture, TokenizerDocuments, BatchSize, Base, HeldOutLossWindows });

    /// <summary>The base fingerprint plus the post-training options: identifies the Assistant checkpoint (and the whole build).</summary>
    public string Fingerprint() => Hash(new { Base = BaseFingerprint(), Assistant, AssistantStoryWindowsPerBatch });

    static string Hash(object options) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(options))))[..16];
}
