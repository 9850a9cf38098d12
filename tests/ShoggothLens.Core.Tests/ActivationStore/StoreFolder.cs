namespace ShoggothLens.Core.Tests.ActivationStore;

/// <summary>A temp folder for stores, deleted after the test; compares stores file by file.</summary>
public sealed class StoreFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("store-").FullName;

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Asserts two store folders hold the same files with the same bytes.</summary>
    public static void AssertIdentical(string expected, string actual)
    {
        static string[] Files(string dir) => Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToArray();
        var files = Files(expected);
        Assert.Equal(files, Files(actual));
        Assert.Contains("manifest.json", files);
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(System.IO.Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(System.IO.Path.Combine(actual, f))),
                $"{f} differs");
    }
}
