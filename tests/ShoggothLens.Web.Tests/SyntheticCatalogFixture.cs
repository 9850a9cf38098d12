using ShoggothLens.TestKit.WebCatalogs;

namespace ShoggothLens.Web.Tests;

/// <summary>One synthetic catalog folder per test class (written once, deleted after).</summary>
public sealed class SyntheticCatalogFixture : IDisposable
{
    public SyntheticCatalogFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "shoggoth-web-tests-" + Guid.NewGuid().ToString("N"));
        Directory = Path.Combine(Root, "organism-run");
        SyntheticCatalog.Write(Directory, Options);
    }

    public SyntheticCatalogOptions Options { get; } = new(Features: 120);
    public string Root { get; }
    public string Directory { get; }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
