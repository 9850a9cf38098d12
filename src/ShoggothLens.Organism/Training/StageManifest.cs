using ShoggothLens.Core.Files;
using System.Text.Json;
using System.Text.Json.Serialization;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// <c>training.json</c> beside a checkpoint: which build made it (fingerprint, seed), what the stage
/// saw and its final losses. Written last, so its presence means the stage finished.
/// </summary>
public sealed record StageManifest
{
    public const string FileName = "training.json";
    public const int CurrentVersion = 1;

    [JsonPropertyName("format")] public string Format { get; init; } = "shoggoth-organism-stage";
    [JsonPropertyName("version")] public int Version { get; init; } = CurrentVersion;
    [JsonPropertyName("stage")] public required string Stage { get; init; }
    [JsonPropertyName("fingerprint")] public required string Fingerprint { get; init; }
    [JsonPropertyName("seed")] public required int Seed { get; init; }
    [JsonPropertyName("parameters")] public required long Parameters { get; init; }
    [JsonPropertyName("steps")] public required int Steps { get; init; }
    [JsonPropertyName("batch_size")] public required int BatchSize { get; init; }
    [JsonPropertyName("window_length")] public required int WindowLength { get; init; }
    [JsonPropertyName("peak_learning_rate")] public required double PeakLearningRate { get; init; }
    [JsonPropertyName("tokens_seen")] public required long TokensSeen { get; init; }
    [JsonPropertyName("predicted_tokens_seen")] public required long PredictedTokensSeen { get; init; }
    [JsonPropertyName("training_corpus_tokens")] public required long TrainingCorpusTokens { get; init; }
    [JsonPropertyName("final_train_loss")] public required double FinalTrainLoss { get; init; }
    [JsonPropertyName("heldout_loss")] public required double HeldOutLoss { get; init; }
    [JsonPropertyName("heldout_loss_on")] public required string HeldOutLossOn { get; init; }
    [JsonPropertyName("seconds")] public required double Seconds { get; init; }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Write(string directory) =>
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>The manifest in <paramref name="directory"/>, or null when there is none.</summary>
    public static StageManifest? TryRead(string directory)
    {
        string path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            var manifest = JsonSerializer.Deserialize<StageManifest>(File.ReadAllText(path));
            return manifest?.Version == CurrentVersion ? manifest : null;
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(path, $"not a valid training manifest ({e.Message})");
        }
    }
}
