using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using ShoggothLens.Sae.Backends;

namespace ShoggothLens.Sae.Training;

/// <summary>
/// A training checkpoint: one safetensors file, written atomically (temp file + rename), holding
/// parameters and Adam moments (<see cref="SaeTrainingState"/>), the dead-latent counters, and in
/// its metadata the format version, the run's progress (step, tokens, input scale, RNG state,
/// sampler position, Adam step, BatchTopK threshold — floats as exact bit patterns) and a SHA-256
/// over all of it, so a damaged file is refused with a clear error rather than resumed.
/// </summary>
public static class TrainingCheckpoint
{
    public const string FileName = "checkpoint.safetensors";
    public const string FormatName = "shoggoth-sae-checkpoint";
    public const int Version = 1;
    const string DeadCounters = "dead.tokens_since_fired";

    public static void Save(string path, SaeTrainingState state, ReadOnlySpan<long> tokensSinceFired, CheckpointProgress progress)
    {
        var tensors = state.Tensors
            .Select(kv => SafetensorsTensor.Float32(kv.Key, kv.Value.Shape, kv.Value.Data))
            .Append(SafetensorsTensor.Int64(DeadCounters, [tokensSinceFired.Length], tokensSinceFired))
            .ToList();
        string progressJson = ProgressJson(state, progress);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = FormatName,
            ["version"] = Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["progress"] = progressJson,
            ["sha256"] = Checksum(tensors.Select(t => (t.Name, (ReadOnlyMemory<byte>)t.Data)), progressJson),
        };
        SafetensorsWriter.Write(path, tensors, metadata);
    }

    public static (SaeTrainingState State, long[] TokensSinceFired, CheckpointProgress Progress) Load(string path)
    {
        using var file = SafetensorsFile.Open(path);
        string Meta(string key) => file.Metadata.TryGetValue(key, out var v) ? v : throw new InvalidInputFileException(path, $"not a training checkpoint (no '{key}' in its metadata)");
        if (Meta("format") != FormatName) throw new InvalidInputFileException(path, $"not a training checkpoint (format '{Meta("format")}')");
        if (Meta("version") != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            throw new InvalidInputFileException(path, $"checkpoint version {Meta("version")} is not supported (this build reads {Version})");
        string progressJson = Meta("progress");

        var raw = file.Tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(name =>
        {
            var bytes = new byte[file.Info(name).ByteLength];
            file.CopyBytes(name, bytes);
            return (name, (ReadOnlyMemory<byte>)bytes);
        }).ToList();
        if (Checksum(raw, progressJson) != Meta("sha256"))
            throw new InvalidInputFileException(path, "checksum mismatch: the checkpoint is damaged; delete it (or restore a copy) and train again");

        var state = new SaeTrainingState();
        long[]? dead = null;
        foreach (var (name, _) in raw)
        {
            var info = file.Info(name);
            if (name == DeadCounters) dead = file.ReadInt64(name);
            else if (info.DType == SafetensorsDType.F32) state.Tensors[name] = new StateTensor([.. info.Shape], file.ReadFloat32(name));
            else throw new InvalidInputFileException(path, $"unexpected tensor '{name}' of type {info.DType}");
        }
        if (dead is null) throw new InvalidInputFileException(path, $"no '{DeadCounters}' tensor");
        var progress = ParseProgress(path, progressJson, state);
        return (state, dead, progress);
    }

    static string Checksum(IEnumerable<(string Name, ReadOnlyMemory<byte> Data)> tensors, string progressJson)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, data) in tensors.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name));
            sha.AppendData([0]);
            sha.AppendData(BitConverter.GetBytes((long)data.Length));
            sha.AppendData(data.Span);
        }
        sha.AppendData(Encoding.UTF8.GetBytes(progressJson));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    static string ProgressJson(SaeTrainingState state, CheckpointProgress p) => JsonSerializer.Serialize(new ProgressRecord
    {
        Step = p.Step,
        Tokens = p.Tokens,
        Scale = p.Scale,
        ScaleBits = BitConverter.SingleToUInt32Bits(p.Scale),
        RngState = p.RngState.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DataPosition = p.DataPosition,
        AdamStep = state.AdamStep,
        BatchThreshold = state.BatchTopKThreshold,
        BatchThresholdBits = BitConverter.SingleToUInt32Bits(state.BatchTopKThreshold),
        Options = p.OptionsFingerprint,
    });

    static CheckpointProgress ParseProgress(string path, string json, SaeTrainingState state)
    {
        ProgressRecord? r;
        try { r = JsonSerializer.Deserialize<ProgressRecord>(json); }
        catch (JsonException e) { throw new InvalidInputFileException(path, $"unreadable progress record ({e.Message})"); }
        if (r is null || r.Step < 0 || r.Tokens < 0 || r.AdamStep < 0 || r.DataPosition is null || r.Options is null
            || !ulong.TryParse(r.RngState, System.Globalization.CultureInfo.InvariantCulture, out ulong rng))
            throw new InvalidInputFileException(path, "incomplete progress record");
        state.AdamStep = r.AdamStep;
        state.BatchTopKThreshold = BitConverter.UInt32BitsToSingle(r.BatchThresholdBits);
        return new CheckpointProgress(r.Step, r.Tokens, BitConverter.UInt32BitsToSingle(r.ScaleBits), rng, r.DataPosition, r.Options);
    }

    sealed class ProgressRecord
    {
        public long Step { get; set; }
        public long Tokens { get; set; }
        public float Scale { get; set; }
        public uint ScaleBits { get; set; }
        public string? RngState { get; set; }
        public string? DataPosition { get; set; }
        public long AdamStep { get; set; }
        public float BatchThreshold { get; set; }
        public uint BatchThresholdBits { get; set; }
        public string? Options { get; set; }
    }
}
