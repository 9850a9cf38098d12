using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Core.Tests.ActivationStore;

public sealed class ShuffledBatchSamplerTests : IDisposable
{
    readonly StoreFolder _folder = new();
    readonly SyntheticHarvest _harvest = new(records: 60, chunkTokens: 37);
    readonly ActivationStoreReader _store;

    public ShuffledBatchSamplerTests()
    {
        string dir = _folder.Path("s");
        _harvest.Write(dir).Dispose();
        _store = ActivationStoreReader.Open(dir);
    }

    public void Dispose() => _folder.Dispose();

    SamplerOptions Options(int batch = 16, int buffer = 50, ulong seed = 7) => new(_harvest.Hooks[1], batch, buffer, seed);

    static (long Doc, int Pos) Key(ActivationBatch b, int i) => (b.DocumentIndices[i], b.Positions[i]);

    List<List<(long, int)>> Epochs(ShuffledBatchSampler sampler, int epochs, int batchCapacity = 16)
    {
        var result = new List<List<(long, int)>>();
        var batch = new ActivationBatch(batchCapacity, _store.DModel);
        for (int e = 0; e < epochs; e++)
        {
            var seen = new List<(long, int)>();
            while (true)
            {
                sampler.Next(batch);
                Assert.Equal(e, batch.Epoch);
                for (int i = 0; i < batch.Count; i++)
                {
                    seen.Add(Key(batch, i));
                    // The row is the token's own activations, and the metadata its own.
                    for (int k = 0; k < _store.DModel; k++)
                        Assert.Equal(SyntheticHarvest.Value(batch.DocumentIndices[i], batch.Positions[i], 1, k), batch.Row(i)[k]);
                    Assert.Equal(SyntheticHarvest.RoleAt(batch.DocumentIndices[i], batch.Positions[i]), _store.Roles[batch.RoleIds[i]]);
                    Assert.Equal((int)(batch.DocumentIndices[i] * 100 + batch.Positions[i]), batch.TokenIds[i]);
                }
                if (sampler.Position.TokensInEpoch == _store.Tokens) break;
                Assert.Equal(batch.Capacity, batch.Count);
            }
            result.Add(seen);
        }
        return result;
    }

    [Fact]
    public void EveryEpochVisitsEveryTokenExactlyOnce()
    {
        using var sampler = new ShuffledBatchSampler(_store, Options());
        var all = _store.ReadChunks().SelectMany(c => c.DocumentIndices.ToArray().Zip(c.Positions.ToArray())).Order().ToList();
        var epochs = Epochs(sampler, 3);
        foreach (var epoch in epochs)
        {
            Assert.Equal(_store.Tokens, epoch.Count);
            Assert.Equal(all, epoch.Order().ToList());
        }
        Assert.NotEqual(epochs[0], epochs[1]);
        Assert.NotEqual(all, epochs[0]);   // shuffled, not store order
    }

    [Fact]
    public void TheOrderDependsOnlyOnTheSeed()
    {
        using var a = new ShuffledBatchSampler(_store, Options(seed: 1));
        using var b = new ShuffledBatchSampler(_store, Options(seed: 1));
        using var c = new ShuffledBatchSampler(_store, Options(seed: 2));
        var ea = Epochs(a, 2);
        Assert.Equal(ea, Epochs(b, 2));
        Assert.NotEqual(ea[0], Epochs(c, 1)[0]);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 5)]
    [InlineData(0, 100)]
    [InlineData(1, 37)]
    [InlineData(1, 250)]
    public void ASavedPositionResumesWithExactlyTheNextBatches(int epoch, int batchesIn)
    {
        using var reference = new ShuffledBatchSampler(_store, Options());
        var batch = new ActivationBatch(16, _store.DModel);
        int perEpoch = (int)((_store.Tokens + 15) / 16);
        for (int i = 0; i < epoch * perEpoch + Math.Min(batchesIn, perEpoch); i++) reference.Next(batch);
        var saved = reference.Position;

        using var restored = new ShuffledBatchSampler(_store, Options(), saved);
        Assert.Equal(saved, restored.Position);
        var x = new ActivationBatch(16, _store.DModel);
        var y = new ActivationBatch(16, _store.DModel);
        for (int i = 0; i < perEpoch + 3; i++)
        {
            reference.Next(x);
            restored.Next(y);
            Assert.Equal((x.Count, x.Epoch), (y.Count, y.Epoch));
            Assert.Equal(x.Activations.Take(x.Count * x.DModel), y.Activations.Take(y.Count * y.DModel));
            Assert.Equal(x.DocumentIndices.Take(x.Count), y.DocumentIndices.Take(y.Count));
            Assert.Equal(x.LabelBits.Take(x.Count), y.LabelBits.Take(y.Count));
        }
    }

    [Fact]
    public void ABufferLargerThanTheStoreAndBatchesOfOneWork()
    {
        using var big = new ShuffledBatchSampler(_store, Options(buffer: 1 << 20));
        Assert.Equal(_store.Tokens, Epochs(big, 1)[0].Distinct().Count());
        using var single = new ShuffledBatchSampler(_store, Options(batch: 1, buffer: 1));
        Assert.Equal(_store.Tokens, Epochs(single, 1, batchCapacity: 1)[0].Distinct().Count());
    }

    [Fact]
    public void AnEmptyStoreOrAnUnknownHookIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ShuffledBatchSampler(_store, Options() with { Hook = "blocks.9.hook_resid_post" }));
        string empty = _folder.Path("empty");
        using (var w = ActivationStoreWriter.Create(empty, _harvest.Settings())) w.Complete(HarvestCursor.At(_harvest.Records), 0);
        Assert.Throws<ArgumentException>(() => new ShuffledBatchSampler(ActivationStoreReader.Open(empty), Options()));
    }
}
