using System.IO.Hashing;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Which model a store's activations come from: a short id (the directory name) and a fingerprint,
/// an XxHash3 over config.json and the weight files (model*.safetensors and their index). The fingerprint covers the weights
/// themselves, because a base model and its fine-tune have the same config and shapes, and a
/// resumed or merged store must never mix them. Hashing runs at memory speed, a small cost next
/// to a harvest.
/// </summary>
public sealed record ModelIdentity(string Id, string Fingerprint)
{
    public static ModelIdentity FromDirectory(string directory)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var hash = new XxHash3();
        var files = Directory.EnumerateFiles(full)
            .Where(f => Path.GetFileName(f) is "config.json" or "model.safetensors.index.json"
                        || (Path.GetFileName(f).StartsWith("model", StringComparison.Ordinal) && f.EndsWith(".safetensors", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            hash.Append(stream);
        }
        return new ModelIdentity(Path.GetFileName(full), Convert.ToHexStringLower(hash.GetCurrentHash()));
    }
}
