using System.Text;
using ShoggothLens.Fuzz.Engine;

namespace ShoggothLens.Fuzzing.Tests.Engine;

public sealed class MutatorTests
{
    static readonly byte[] Json = Encoding.UTF8.GetBytes("""{"d_model": 64, "hooks": ["blocks.0.hook_resid_post"], "n": [1, 2, 3]}""");

    [Fact]
    public void The_same_seed_gives_the_same_input()
    {
        for (int i = 0; i < 50; i++)
        {
            int seed = FuzzRunner.InputSeed(3, "config-json", i);
            var a = Mutator.Mutate(Json, Json, new Random(seed), []);
            var b = Mutator.Mutate(Json, Json, new Random(seed), []);
            Assert.Equal(a, b);
        }
    }

    [Theory]
    [InlineData(MutationKind.BitFlips)]
    [InlineData(MutationKind.ByteSet)]
    [InlineData(MutationKind.Truncate)]
    [InlineData(MutationKind.DuplicateRange)]
    [InlineData(MutationKind.RemoveRange)]
    [InlineData(MutationKind.LengthField)]
    [InlineData(MutationKind.JsonNumber)]
    [InlineData(MutationKind.DeepNesting)]
    [InlineData(MutationKind.HugeString)]
    [InlineData(MutationKind.InvalidUtf8)]
    public void Each_mutation_changes_the_input(MutationKind kind)
    {
        int changed = Enumerable.Range(0, 20).Count(i => !Mutator.Apply(kind, Json, Json, new Random(i)).AsSpan().SequenceEqual(Json));
        Assert.True(changed >= 15, $"{kind} changed {changed} of 20 inputs");
    }

    [Fact]
    public void Json_numbers_become_the_values_parsers_must_refuse()
    {
        var seen = Enumerable.Range(0, 400).Select(i => Encoding.UTF8.GetString(Mutator.Apply(MutationKind.JsonNumber, Json, Json, new Random(i)))).ToList();
        foreach (var value in new[] { "1e308", "-1", "NaN", "9223372036854775808", "\"1\"", "null" })
            Assert.Contains(seen, s => s.Contains($": {value},", StringComparison.Ordinal) || s.Contains($"[{value},", StringComparison.Ordinal)
                                       || s.Contains($", {value}", StringComparison.Ordinal));
    }

    [Fact]
    public void Deep_nesting_goes_past_every_reader_depth_limit()
    {
        int deepest = Enumerable.Range(0, 30).Max(i => Mutator.Apply(MutationKind.DeepNesting, Json, Json, new Random(i)).Count(b => b == (byte)'[' || b == (byte)'{'));
        Assert.True(deepest >= 100_000, $"deepest nesting {deepest}");
    }

    [Fact]
    public void A_length_field_edit_can_claim_more_than_the_file_holds()
    {
        var binary = new byte[64];
        binary[0] = 40;
        var claims = Enumerable.Range(0, 200).Select(i => BitConverter.ToUInt64(Mutator.Apply(MutationKind.LengthField, binary, binary, new Random(i)), 0)).ToHashSet();
        Assert.Contains(ulong.MaxValue, claims);
        Assert.Contains(claims, c => c > 1UL << 40 && c != ulong.MaxValue);
    }
}
