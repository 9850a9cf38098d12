using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.Core.Tests.ActivationStore;

public sealed class StoreRoundTripTests : IDisposable
{
    readonly StoreFolder _folder = new();
    public void Dispose() => _folder.Dispose();

    [Fact]
    public void EveryTokenComesBackWithItsActivationsAndMetadata()
    {
        var harvest = new SyntheticHarvest();
        string dir = _folder.Path("s");
        harvest.Write(dir).Dispose();
        var store = ActivationStoreReader.Open(dir);

        var expected = Enumerable.Range(0, (int)harvest.Records).Where(r => !SyntheticHarvest.IsBad(r))
            .SelectMany(r => Enumerable.Range(0, SyntheticHarvest.Length(r)).Select(p => (Record: (long)r, Position: p))).ToList();
        Assert.Equal(expected.Count, store.Tokens);
        Assert.Equal(harvest.TotalTokens, store.Tokens);

        int t = 0;
        foreach (var chunk in store.ReadChunks())
        {
            var acts = Enumerable.Range(0, harvest.Hooks.Length).Select(chunk.ReadActivations).ToArray();
            for (int i = 0; i < chunk.Tokens; i++, t++)
            {
                var (r, p) = expected[t];
                Assert.Equal((int)(r * 100 + p), chunk.TokenIds[i]);
                Assert.Equal(r, chunk.DocumentIndices[i]);
                Assert.Equal(p, chunk.Positions[i]);
                Assert.Equal(SyntheticHarvest.RoleAt(r, p), chunk.RoleOf(i));
                uint expectedLabels = SyntheticHarvest.LabelsAt(r, p);
                var names = Enumerable.Range(0, 32).Where(b => (chunk.LabelBits[i] & (1u << b)) != 0).Select(b => chunk.LabelNames[b]);
                Assert.Equal(Enumerable.Range(0, 2).Where(b => (expectedLabels & (1u << b)) != 0).Select(b => SyntheticHarvest.LabelNames[b]), names);
                for (int h = 0; h < harvest.Hooks.Length; h++)
                    for (int k = 0; k < harvest.DModel; k++)
                        Assert.Equal(SyntheticHarvest.Value(r, p, h, k), acts[h][i * harvest.DModel + k]);
            }
            Assert.Equal(chunk.DocumentIndices.ToArray().Distinct().Order(), chunk.Documents.Select(d => d.Index).Order());
            Assert.All(chunk.Documents, d => Assert.Equal($"doc-{d.Index}", d.Id));
        }
        Assert.Equal(expected.Count, t);
    }

    [Fact]
    public void TheManifestCountsTokensByRoleAndChunksAreFullButTheLast()
    {
        var harvest = new SyntheticHarvest();
        string dir = _folder.Path("s");
        harvest.Write(dir).Dispose();
        var manifest = ActivationStoreReader.Open(dir).Manifest;

        Assert.True(manifest.Complete);
        Assert.Equal(1, manifest.SkippedRecords);
        Assert.Equal(HarvestCursor.At(harvest.Records), manifest.Cursor);
        Assert.All(manifest.Chunks.SkipLast(1), c => Assert.Equal(harvest.ChunkTokens, c.Tokens));
        Assert.InRange(manifest.Chunks[^1].Tokens, 1, harvest.ChunkTokens);
        var byRole = Enumerable.Range(0, (int)harvest.Records).Where(r => !SyntheticHarvest.IsBad(r))
            .SelectMany(r => Enumerable.Range(0, SyntheticHarvest.Length(r)).Select(p => SyntheticHarvest.RoleAt(r, p)))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(byRole.OrderBy(kv => kv.Key.ToString()), manifest.Roles.Select(r => KeyValuePair.Create(r.Role, r.Tokens)).OrderBy(kv => kv.Key.ToString()));
        Assert.Equal(SyntheticHarvest.LabelNames, manifest.Labels);
        Assert.Contains(manifest.Roles, r => r.Role == Role.Persona("spy"));
    }

    [Theory]
    [InlineData(ActivationDType.F16, 1e-3)]
    [InlineData(ActivationDType.BF16, 8e-3)]
    public void HalfPrecisionStoresRoundToTheirDType(ActivationDType dtype, double relative)
    {
        var harvest = new SyntheticHarvest(records: 12, dtype: dtype);
        string dir = _folder.Path("s");
        harvest.Write(dir).Dispose();
        var store = ActivationStoreReader.Open(dir);
        Assert.Equal(dtype, store.Settings.DType);

        foreach (var chunk in store.ReadChunks())
        {
            var acts = chunk.ReadActivations(1);
            for (int i = 0; i < chunk.Tokens; i++)
                for (int k = 0; k < harvest.DModel; k++)
                {
                    float exact = SyntheticHarvest.Value(chunk.DocumentIndices[i], chunk.Positions[i], 1, k);
                    Assert.InRange(acts[i * harvest.DModel + k], exact - relative * Math.Abs(exact) - 1e-6, exact + relative * Math.Abs(exact) + 1e-6);
                }
            Assert.Equal(2L * harvest.DModel * chunk.Tokens, chunk.ActivationBytes(0, 0, chunk.Tokens).Length);
        }
    }

    [Fact]
    public void ASequentialBatchReaderReadsEveryTokenInOrderAndSeeks()
    {
        var harvest = new SyntheticHarvest();
        string dir = _folder.Path("s");
        harvest.Write(dir).Dispose();
        var store = ActivationStoreReader.Open(dir);
        using var reader = new SequentialBatchReader(store, harvest.Hooks[1]);
        var batch = new ActivationBatch(17, harvest.DModel);
        var ids = new List<int>();
        var rows = new List<float>();
        while (reader.Next(batch))
        {
            ids.AddRange(batch.TokenIds.Take(batch.Count));
            rows.AddRange(batch.Activations.Take(batch.Count * harvest.DModel));
            for (int i = 0; i < batch.Count; i++)
                Assert.Equal(SyntheticHarvest.RoleAt(batch.DocumentIndices[i], batch.Positions[i]), store.Roles[batch.RoleIds[i]]);
        }
        var expected = store.ReadChunks().SelectMany(c => c.TokenIds.ToArray()).ToList();
        Assert.Equal(expected, ids);
        Assert.Equal(SyntheticHarvest.Value(0, 0, 1, 3), rows[3]);

        reader.Seek(store.Tokens - 3);
        Assert.True(reader.Next(batch));
        Assert.Equal(expected.TakeLast(3), batch.TokenIds.Take(batch.Count));
        Assert.False(reader.Next(batch));
    }
}
