using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.TestKit.Catalogs;
using ShoggothLens.Workbench.Analysis;

namespace ShoggothLens.Workbench.Tests.Analysis;

/// <summary>
/// Issue 14: an SAE whose hook is not in the store was silently run on the store's only hook. It is refused (naming
/// both), unless the hook to read is named on purpose.
/// </summary>
public sealed class AnalyzeHookTests : IDisposable
{
    readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_sae_of_a_hook_the_store_lacks_is_refused_and_nothing_is_written()
    {
        string store = _dir.File("store"), sae = _dir.File("sae"), output = _dir.File("catalog");
        PlantedMotiveStore.Write(store, 6);
        IdentitySae.Write(sae, hook: "blocks.5.hook_mlp_out");

        var refused = Assert.Throws<InvalidOptionException>(() => AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = output }));
        Assert.Equal(nameof(AnalyzeRequest.Sae), refused.Option);
        Assert.Contains("blocks.5.hook_mlp_out", refused.Message);
        Assert.Contains(PlantedMotiveStore.Hook, refused.Message);
        Assert.False(Directory.Exists(output));

        var missing = Assert.Throws<InvalidOptionException>(() => AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = output, Hook = "blocks.9.hook_resid_post" }));
        Assert.Equal(nameof(AnalyzeRequest.Hook), missing.Option);

        // Named on purpose, the store's hook is read.
        var result = AnalyzeWorkflow.Run(new AnalyzeRequest { Store = store, Sae = sae, Output = output, Hook = PlantedMotiveStore.Hook });
        Assert.Equal(PlantedMotiveStore.Hook, result.Hook);
        Assert.True(File.Exists(Path.Combine(output, CatalogFormat.DataFile)));
    }
}
