using ShoggothLens.Models.Transformers.Generation;
using TorchSharp;
using static TorchSharp.torch;

namespace ShoggothLens.Models.Tests.Transformers;

/// <summary>
/// The preallocated cache (written in place, read as a view) must hand attention exactly what the concatenating cache
/// did, across a prompt, single-token steps, a capacity that runs out (the buffer grows) and rows leaving the batch.
/// </summary>
public sealed class KvCacheTests
{
    [Theory]
    [InlineData(0)]     // concatenation
    [InlineData(64)]    // room for everything
    [InlineData(6)]     // runs out after the prompt and one step: grows twice
    public void Appends_give_the_concatenation_of_every_step(long capacity)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        using var cache = new KvCache(layers: 2, capacity);
        var keys = new List<Tensor>[2] { [], [] };
        var values = new List<Tensor>[2] { [], [] };
        long[] steps = [5, 1, 1, 1, 1, 1, 1];
        for (int s = 0; s < steps.Length; s++)
        {
            if (s == 4)
            {
                // Rows 0 and 2 of 3 stay, in the order given.
                using var rows = tensor(new long[] { 2, 0 }, ScalarType.Int64);
                cache.Keep(rows);
                for (int l = 0; l < 2; l++)
                {
                    keys[l] = [cat(keys[l], 2).index_select(0, rows)];
                    values[l] = [cat(values[l], 2).index_select(0, rows)];
                }
            }
            long batch = s < 4 ? 3 : 2;
            for (int l = 0; l < 2; l++)
            {
                var k = randn([batch, 2, steps[s], 4], generator: generator);
                var v = randn([batch, 2, steps[s], 4], generator: generator);
                keys[l].Add(k);
                values[l].Add(v);
                var (allK, allV) = cache.Append(l, k, v);
                Assert.Equal(cat(keys[l], 2).data<float>().ToArray(), allK.contiguous().data<float>().ToArray());
                Assert.Equal(cat(values[l], 2).data<float>().ToArray(), allV.contiguous().data<float>().ToArray());
            }
            cache.Advance(steps[s]);
        }
        Assert.Equal(11, cache.Length);
    }
}
