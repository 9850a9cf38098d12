using System.Text;

namespace ShoggothLens.Core.Tests.Corpus;

/// <summary>A temp folder for corpus files, deleted after the test.</summary>
public sealed class CorpusFiles : IDisposable
{
    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("corpus-").FullName;

    public string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(Directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
