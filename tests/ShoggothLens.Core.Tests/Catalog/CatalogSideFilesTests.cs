using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.Tests.Catalog;

public sealed class CatalogSideFilesTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("shoggoth-side-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Persona_vectors_round_trip_exactly()
    {
        var folder = new CatalogFolder(_dir);
        var vectors = new[]
        {
            new PersonaVector("Vesper", "Persona(Vesper)", 120, 300, [0.1f, -2.5f, 1e-7f]),
            new PersonaVector("Narration", "Narration", 80, 300, [float.Epsilon, 0f, 3.25f]),
        };
        PersonaVectorsFile.Write(folder.PersonaVectorsPath, "blocks.2.hook_resid_post", 3, vectors);
        var read = folder.ReadPersonaVectors()!;
        Assert.Equal("blocks.2.hook_resid_post", read.Hook);
        Assert.Equal(3, read.DModel);
        Assert.Equal(2, read.Vectors.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(vectors[i].Persona, read.Vectors[i].Persona);
            Assert.Equal(vectors[i].Role, read.Vectors[i].Role);
            Assert.Equal(vectors[i].Tokens, read.Vectors[i].Tokens);
            Assert.Equal(vectors[i].Vector, read.Vectors[i].Vector);
        }
    }

    [Fact]
    public void Model_diff_round_trips_and_absent_files_read_as_null()
    {
        var folder = new CatalogFolder(_dir);
        Assert.Null(folder.ReadModelDiff());
        Assert.Null(folder.ReadPersonaVectors());
        var report = new ModelDiffReport("/stores/base", 1e-4, [new FeatureDiff(0, 0.01, 0.02, 0.01, Math.Log(2), false), new FeatureDiff(1, 0, 0.5, 0.5, 8.5, true)]);
        ModelDiffFile.Write(folder.ModelDiffPath, report);
        var read = folder.ReadModelDiff()!;
        Assert.Equal(report.CompareStore, read.CompareStore);
        Assert.Equal(report.Epsilon, read.Epsilon);
        Assert.Equal(report.Features, read.Features);
        Assert.Equal([1], read.StartingToLeak.Select(f => f.Feature));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"format\":\"shoggoth-persona-vectors\",\"version\":1,\"hook\":\"h\",\"d_model\":2,\"vectors\":[{\"persona\":\"P\",\"role\":\"Persona(P)\",\"tokens\":1,\"assistant_tokens\":1,\"vector\":[1]}]}")]
    [InlineData("{\"format\":\"shoggoth-persona-vectors\",\"version\":9}")]
    [InlineData("not json")]
    public void Malformed_persona_vectors_name_the_file(string text)
    {
        var folder = new CatalogFolder(_dir);
        File.WriteAllText(folder.PersonaVectorsPath, text);
        var e = Assert.Throws<InvalidInputFileException>(() => folder.ReadPersonaVectors());
        Assert.Equal(folder.PersonaVectorsPath, e.FilePath);
    }

    [Fact]
    public void FindUnder_lists_catalog_folders_and_skips_others()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        foreach (var name in new[] { "b", "a/nested" })
        {
            string d = Path.Combine(_dir, name);
            Directory.CreateDirectory(d);
            File.WriteAllBytes(Path.Combine(d, CatalogFormat.IndexFile), [1]);
            File.WriteAllBytes(Path.Combine(d, CatalogFormat.DataFile), [1]);
        }
        Assert.Equal(["nested", "b"], CatalogFolder.FindUnder(_dir).Select(f => f.Name));
        Assert.Empty(CatalogFolder.FindUnder(Path.Combine(_dir, "missing")));
    }
}
