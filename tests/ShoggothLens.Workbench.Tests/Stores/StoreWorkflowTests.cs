using ShoggothLens.TestKit.Stores;
using ShoggothLens.Workbench.Stores;

namespace ShoggothLens.Workbench.Tests.Stores;

/// <summary>Store info and verification through the entry point.</summary>
public class StoreWorkflowTests
{
    [Fact]
    public void Info_summarises_and_verify_finds_a_damaged_chunk()
    {
        using var temp = new TempDirectory();
        string store = temp.File("store");
        SyntheticStores.WriteSparse(store, "blocks.0.hook_resid_post", dModel: 8, documents: 40, tokensPerDocument: 32, seed: 2);

        var info = StoreWorkflow.Info(store);
        Assert.Equal(40 * 32, info.Summary.Manifest.Tokens);
        Assert.Null(info.Damaged);
        Assert.Empty(StoreWorkflow.Info(store, verify: true).Damaged!);

        string chunk = Directory.GetFiles(Path.Combine(store, "chunks")).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(chunk);
        bytes[^7] ^= 0x01;
        File.WriteAllBytes(chunk, bytes);
        Assert.Contains(chunk, Assert.Single(StoreWorkflow.Info(store, verify: true).Damaged!));
    }
}
