using ShoggothLens.Core.ActivationStore;

namespace ShoggothLens.Workbench.Stores;

/// <summary>A store's summary (manifest, size on disk) and, when verified, the chunks whose checksums failed.</summary>
public sealed record StoreInfo(StoreSummary Summary, IReadOnlyList<string>? Damaged);
