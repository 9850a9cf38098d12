using System.Text.Json;
using ShoggothLens.Core.Formats;
using ShoggothLens.Core.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Checkpoints;

/// <summary>
/// A Hugging Face model directory: <c>config.json</c> plus <c>model.safetensors</c>, or shards
/// listed by <c>model.safetensors.index.json</c>. Every file is treated as untrusted.
/// </summary>
public sealed class HfModelDirectory : IDisposable
{
    public const string ConfigFileName = "config.json";
    public const string SingleFileName = "model.safetensors";
    public const string IndexFileName = "model.safetensors.index.json";
    const long MaxJsonBytes = 64L << 20;

    readonly Dictionary<string, SafetensorsFile> _tensorFile;
    readonly List<SafetensorsFile> _files;

    HfModelDirectory(string directory, JsonElement config, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> tensorFile)
    {
        Directory = directory;
        Config = config;
        _files = files;
        _tensorFile = tensorFile;
    }

    public string Directory { get; }
    public string ConfigPath => Path.Combine(Directory, ConfigFileName);

    /// <summary>The root object of config.json.</summary>
    public JsonElement Config { get; }

    public IReadOnlyCollection<string> TensorNames => _tensorFile.Keys;
    public bool Contains(string name) => _tensorFile.ContainsKey(name);

    public static HfModelDirectory Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new InvalidInputFileException(directory, "model directory not found");
        var config = ReadJsonObject(Path.Combine(directory, ConfigFileName), "config.json");

        var files = new List<SafetensorsFile>();
        var tensorFile = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        try
        {
            string single = Path.Combine(directory, SingleFileName);
            string index = Path.Combine(directory, IndexFileName);
            if (File.Exists(single))
            {
                var file = SafetensorsFile.Open(single);
                files.Add(file);
                foreach (var name in file.Tensors.Keys) tensorFile[name] = file;
            }
            else if (File.Exists(index))
            {
                OpenShards(directory, index, files, tensorFile);
            }
            else
            {
                string hint = File.Exists(Path.Combine(directory, "pytorch_model.bin"))
                    ? " (only pytorch_model.bin is there: pickled weights are not loaded; convert them to safetensors)"
                    : "";
                throw new InvalidInputFileException(directory, $"no {SingleFileName} or {IndexFileName}{hint}");
            }
        }
        catch
        {
            foreach (var f in files) f.Dispose();
            throw;
        }
        return new HfModelDirectory(directory, config, files, tensorFile);
    }

    static void OpenShards(string directory, string indexPath, List<SafetensorsFile> files, Dictionary<string, SafetensorsFile> tensorFile)
    {
        var index = ReadJsonObject(indexPath, "index");
        if (!index.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            throw new InvalidInputFileException(indexPath, "missing weight_map object");
        var byShard = new Dictionary<string, SafetensorsFile>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            string shard = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : "";
            // A shard must be a plain file name inside the model directory, never a path out of it.
            if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                throw new InvalidInputFileException(indexPath, $"tensor '{entry.Name}' maps to '{shard}', which is not a file name in the model directory");
            if (!byShard.TryGetValue(shard, out var file))
            {
                file = SafetensorsFile.Open(Path.Combine(directory, shard));
                files.Add(file);
                byShard[shard] = file;
            }
            if (!file.Tensors.ContainsKey(entry.Name))
                throw new InvalidInputFileException(file.Path, $"index lists tensor '{entry.Name}' in this shard, but the shard does not hold it");
            tensorFile[entry.Name] = file;
        }
    }

    internal static JsonElement ReadJsonObject(string path, string what)
    {
        if (!File.Exists(path)) throw new InvalidInputFileException(path, $"missing {what} file");
        long length = new FileInfo(path).Length;
        if (length > MaxJsonBytes)
            throw new InvalidInputFileException(path, $"{length} bytes is too large for a {what} file (limit {MaxJsonBytes})");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidInputFileException(path, "expected a JSON object");
            JsonText.Require(doc.RootElement, path);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidInputFileException(path, $"not valid JSON ({e.Message})");
        }
    }

    public IReadOnlyList<long> Shape(string name) => FileOf(name).Info(name).Shape;

    /// <summary>Loads a tensor as a float32 CPU tensor (F16/BF16/F64 converted). The caller disposes it.</summary>
    public Tensor Load(string name)
    {
        var file = FileOf(name);
        var info = file.Info(name);
        var values = file.ReadFloat32(name);
        return tensor(values, info.Shape.ToArray(), ScalarType.Float32);
    }

    SafetensorsFile FileOf(string name) =>
        _tensorFile.TryGetValue(name, out var file)
            ? file
            : throw new InvalidInputFileException(Directory, $"the checkpoint has no tensor named '{name}'");

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
    }
}
