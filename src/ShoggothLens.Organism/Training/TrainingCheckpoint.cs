using ShoggothLens.Core.Files;
using System.Text.Json;
using System.Text.Json.Serialization;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using ShoggothLens.Models.Transformers;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Organism.Training;

/// <summary>
/// A stage's progress on disk, so an interrupted stage resumes at its last saved step and ends
/// exactly as an uninterrupted one: every <see cref="EverySteps"/> steps (and when cancelled) the
/// weights, the AdamW state and the loss curve go into a new <c>step-NNNNNN/</c> folder, then
/// <c>state.json</c> (written atomically, last) points at it and older folders are removed. A
/// state of another stage or fingerprint is ignored.
/// </summary>
public sealed record TrainingCheckpoint(string Directory, string Fingerprint, int EverySteps = 50)
{
    const string StateFileName = "state.json";

    sealed record State(
        [property: JsonPropertyName("format")] string Format,
        [property: JsonPropertyName("stage")] string Stage,
        [property: JsonPropertyName("fingerprint")] string Fingerprint,
        [property: JsonPropertyName("step")] int Step,
        [property: JsonPropertyName("tokens")] long Tokens,
        [property: JsonPropertyName("predicted_tokens")] long PredictedTokens,
        [property: JsonPropertyName("seconds")] double Seconds,
        [property: JsonPropertyName("folder")] string Folder);

    /// <summary>What a resumed stage starts from.</summary>
    public sealed record Resumed(int Step, long Tokens, long PredictedTokens, TimeSpan Elapsed, IReadOnlyList<LossPoint> Curve);

    public void Save(string stage, CausalLm model, TorchSharp.Modules.AdamW optimizer, int step, long tokens, long predicted,
        TimeSpan elapsed, IReadOnlyList<LossPoint> curve)
    {
        string folder = $"step-{step:D6}";
        string path = Path.Combine(Directory, folder);
        System.IO.Directory.CreateDirectory(path);
        CheckpointWriter.SaveWeights(model, path);
        string optimizerFile = Path.Combine(path, "optimizer.bin");
        optimizer.save_state_dict(optimizerFile + ".tmp");
        File.Move(optimizerFile + ".tmp", optimizerFile, overwrite: true);
        LossCurveFiles.Write(path, stage, curve);
        var state = new State("shoggoth-organism-training-state", stage, Fingerprint, step, tokens, predicted, elapsed.TotalSeconds, folder);
        AtomicFile.WriteAllText(Path.Combine(Directory, StateFileName), JsonSerializer.Serialize(state));
        foreach (var old in System.IO.Directory.GetDirectories(Directory, "step-*"))
            if (Path.GetFileName(old) != folder) System.IO.Directory.Delete(old, recursive: true);
    }

    /// <summary>Loads the saved step into <paramref name="model"/> and <paramref name="optimizer"/>; null when there is nothing of this stage to resume.</summary>
    public Resumed? TryLoad(string stage, CausalLm model, TorchSharp.Modules.AdamW optimizer)
    {
        string statePath = Path.Combine(Directory, StateFileName);
        if (!File.Exists(statePath)) return null;
        State? state;
        try
        {
            state = JsonSerializer.Deserialize<State>(File.ReadAllText(statePath));
        }
        catch (JsonException)
        {
            return null;
        }
        if (state is null || state.Stage != stage || state.Fingerprint != Fingerprint) return null;
        string path = Path.Combine(Directory, state.Folder);
        using (var weights = SafetensorsFile.Open(Path.Combine(path, CheckpointWriter.WeightsFileName)))
        using (no_grad())
        {
            foreach (var (name, parameter) in model.NamedParameters)
            {
                using var saved = tensor(weights.ReadFloat32(name), parameter.shape, ScalarType.Float32);
                parameter.copy_(saved);
            }
        }
        optimizer.load_state_dict(Path.Combine(path, "optimizer.bin"));
        var curve = LossCurveFiles.Read(Path.Combine(path, LossCurveFiles.CsvName));
        if (curve.Count != state.Step) throw new InvalidInputFileException(path, $"the loss curve has {curve.Count} steps, the state says {state.Step}");
        return new Resumed(state.Step, state.Tokens, state.PredictedTokens, TimeSpan.FromSeconds(state.Seconds), curve);
    }

    /// <summary>Removes the saved progress (after the stage finished).</summary>
    public void Clear()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
