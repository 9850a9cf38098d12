using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzzing.Tests;

/// <summary>Seed sources for a test: the repository above the test binaries, a scratch folder deleted on dispose.</summary>
public sealed class FuzzSession : IDisposable
{
    readonly TempDirectory _temp = new();

    public FuzzSession() => Sources = new SeedSources(SeedSources.FindRepoRoot(AppContext.BaseDirectory), Path.Combine(_temp.Path, "seeds"));

    public SeedSources Sources { get; }
    public string Work(string name) => Path.Combine(_temp.Path, name);
    public void Dispose() => _temp.Dispose();
}
