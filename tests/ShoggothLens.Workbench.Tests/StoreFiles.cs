namespace ShoggothLens.Workbench.Tests;

/// <summary>Every file of a folder, by relative path, with its bytes.</summary>
static class StoreFiles
{
    public static Dictionary<string, byte[]> Of(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);

    public static void AssertIdentical(string expected, string actual)
    {
        var a = Of(expected);
        var b = Of(actual);
        Assert.Equal(a.Keys.Order(StringComparer.Ordinal), b.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), $"{name} differs");
    }
}
