using System.Buffers.Binary;
using System.Text;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Formats;
using ShoggothLens.Fuzz.Engine;
using ShoggothLens.Fuzz.Targets;

namespace ShoggothLens.Fuzzing.Tests;

/// <summary>
/// The fuzz findings, each kept as a regression input: small files in Regressions/, or the seed with the one edit the
/// finding needed (when the seed is a fixture, which is never copied into the repository). Before the fixes each ended
/// in an undocumented exception (InvalidOperationException, OverflowException, ArgumentOutOfRangeException,
/// InvalidDataException) or, for the huge property name, 1.7 GB allocated; now each is the documented refusal.
/// </summary>
public sealed class RegressionTests
{
    static FuzzRunner.Outcome Run(FuzzSession session, string parser, string seedName, byte[] bytes)
    {
        var target = FuzzTargets.Get(parser);
        var seed = target.Seeds(session.Sources).Single(s => s.Name == seedName);
        return FuzzRunner.Try(target, seed, bytes, session.Work("input"), TimeSpan.FromSeconds(30));
    }

    static FuzzSeed Seed(FuzzSession session, string parser, string seedName) =>
        FuzzTargets.Get(parser).Seeds(session.Sources).Single(s => s.Name == seedName);

    static InvalidInputFileException Refused(FuzzRunner.Outcome outcome, long maxAllocated = 64L << 20)
    {
        Assert.False(outcome.Hung);
        Assert.True(outcome.Allocated < maxAllocated, $"{outcome.Allocated:N0} bytes allocated");
        return Assert.IsType<InvalidInputFileException>(outcome.Error);
    }

    static byte[] File(string name) => System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Regressions", name));

    [Theory]
    [InlineData("config-invalid-utf8.json")]
    [InlineData("config-escaped-lone-surrogate.json")]
    public void A_config_json_string_that_is_not_text_is_refused(string file)
    {
        using var session = new FuzzSession();
        var e = Refused(Run(session, "config-json", "models/gpt2", File(file)));
        Assert.Contains("not valid text", e.Problem);
    }

    [Fact]
    public void A_tokenizer_config_string_that_is_not_text_is_refused()
    {
        using var session = new FuzzSession();
        var e = Refused(Run(session, "vocab-merges", "organism/tokenizer_config", File("tokenizer-config-lone-surrogate.json")));
        Assert.EndsWith("tokenizer_config.json", e.FilePath);
    }

    [Fact]
    public void An_sae_config_string_that_is_not_text_is_refused()
    {
        using var session = new FuzzSession();
        var e = Refused(Run(session, "sae-saelens", "saelens-standard/cfg.json", File("sae-cfg-invalid-utf8.json")));
        Assert.EndsWith("cfg.json", e.FilePath);
    }

    [Fact]
    public void A_store_manifest_with_invalid_utf8_in_a_hook_name_is_refused()
    {
        using var session = new FuzzSession();
        var seed = Seed(session, "store-manifest", "sparse");
        var bytes = Replace(seed.MutableBytes, "blocks.1.hook_resid_pre"u8, [.. "blocks.1.hook_resid_pr"u8, 0xFF]);
        var e = Refused(Run(session, "store-manifest", "sparse", bytes));
        Assert.EndsWith("manifest.json", e.FilePath);
    }

    [Fact]
    public void Store_manifest_counts_that_overflow_when_summed_are_refused()
    {
        using var session = new FuzzSession();
        var seed = Seed(session, "store-manifest", "planted");
        string text = Encoding.UTF8.GetString(seed.MutableBytes);
        // Two roles' token counts that add up past long.MaxValue (the finding: OverflowException from the role sum).
        int first = text.IndexOf("\"tokens\":", text.IndexOf("\"roles\"", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(first > 0);
        int end = text.IndexOfAny([',', '}'], first);
        text = text[..(first + 9)] + " 9223372036854775807" + text[end..];
        var e = Refused(Run(session, "store-manifest", "planted", Encoding.UTF8.GetBytes(text)));
        Assert.Contains("add up", e.Problem);
    }

    [Fact]
    public void A_chunk_whose_role_id_names_no_role_is_refused_even_with_valid_checksums()
    {
        using var session = new FuzzSession();
        var seed = Seed(session, "chunk-data", "planted/chunk-000000.bin");
        long rolesOffset;
        string path = Path.Combine(session.Work("layout"), "chunk.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, seed.Files["chunk.bin"]);
        using (var chunk = ActivationChunk.Open(path)) rolesOffset = chunk.Layout.RolesOffset;
        var data = (byte[])seed.MutableBytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan((int)rolesOffset + 2 * 3), 0xFFFF);   // token 3's role id
        var e = Refused(Run(session, "chunk-data", "planted/chunk-000000.bin", data));
        Assert.Contains("role id 65535", e.Problem);
    }

    [Fact]
    public void An_npz_whose_central_directory_count_disagrees_is_refused()
    {
        using var session = new FuzzSession();
        var bytes = (byte[])Seed(session, "sae-gemmascope", "gemmascope-jumprelu").MutableBytes.Clone();
        int eocd = bytes.AsSpan().LastIndexOf("PK\u0005\u0006"u8);
        Assert.True(eocd > 0);
        // Entries on this disk and in all (one disk): both one more than the central directory holds.
        ushort entries = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(eocd + 10));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(eocd + 8), (ushort)(entries + 1));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(eocd + 10), (ushort)(entries + 1));
        var e = Refused(Run(session, "sae-gemmascope", "gemmascope-jumprelu", bytes));
        Assert.Contains("central directory", e.Problem);
    }

    [Fact]
    public void A_megabyte_property_name_over_a_long_list_costs_memory_in_proportion_to_the_file()
    {
        using var session = new FuzzSession();
        var seed = Seed(session, "tokenizer-json", "bytelevel-bpe");
        // The finding: a 1.8 MB name on the merges list (2,612 entries) made the text check allocate 1.7 GB (a path per element).
        var bytes = Replace(seed.MutableBytes, "\"merges\""u8, Encoding.ASCII.GetBytes("\"" + new string('P', 1 << 20) + "merges\""));
        var outcome = Run(session, "tokenizer-json", "bytelevel-bpe", bytes);
        Refused(outcome, maxAllocated: 16L * bytes.Length + (64L << 20));
    }

    static byte[] Replace(byte[] source, ReadOnlySpan<byte> from, byte[] to)
    {
        int at = source.AsSpan().IndexOf(from);
        Assert.True(at >= 0);
        return [.. source.AsSpan(0, at), .. to, .. source.AsSpan(at + from.Length)];
    }
}
