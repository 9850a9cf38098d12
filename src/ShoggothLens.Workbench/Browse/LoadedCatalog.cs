using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Workbench.Browse;

/// <summary>
/// An opened catalog: its metadata, its summary index (built once), its persona vectors and model diff when the
/// folder has them, and random access to each feature's full record. Shared by every session; reads are
/// positioned, so concurrent pages do not interfere.
/// </summary>
public sealed class LoadedCatalog : IDisposable
{
    readonly FeatureCatalog _catalog;

    LoadedCatalog(CatalogEntry entry, FeatureCatalog catalog, FeatureSummaryIndex index, CatalogCandidates candidates,
        PersonaVectorSet? personas, ModelDiffReport? diff, IReadOnlyList<string> problems)
    {
        Entry = entry;
        _catalog = catalog;
        Index = index;
        PersonaVectors = personas;
        ModelDiff = diff;
        Problems = problems;
        _personaGraph = new Lazy<PersonaGraph>(() => PersonaGraph.Build(index));
        _compareView = new Lazy<CompareView>(() => CompareView.Build(this));
        _conversations = new Lazy<Conversations.ConversationSource>(() => new Conversations.ConversationSource(catalog.Metadata));
        Candidates = candidates;
    }

    readonly Lazy<PersonaGraph> _personaGraph;
    readonly Lazy<CompareView> _compareView;
    readonly Lazy<Conversations.ConversationSource> _conversations;

    public CatalogEntry Entry { get; }

    /// <summary>The persona graph of this catalog, built on first use and shared by every session (it never changes).</summary>
    public PersonaGraph PersonaGraph => _personaGraph.Value;

    /// <summary>Whole conversations with a feature's activation, read from the store and SAE the catalog records.</summary>
    public Conversations.ConversationSource Conversations => _conversations.Value;

    /// <summary>
    /// The label-free candidate report (saved beside the catalog, else computed once when the catalog is opened and shared
    /// by every session). Its candidates are the index's: every page that says "candidate" means this report's.
    /// </summary>
    public CatalogCandidates Candidates { get; }

    /// <summary>The candidate report (ready since the catalog was opened).</summary>
    public Task<CatalogCandidates> CandidatesAsync() => Task.FromResult(Candidates);

    /// <summary>The candidate report (ready since the catalog was opened).</summary>
    public CatalogCandidates? CandidatesIfReady => Candidates;

    /// <summary>The comparison view of this catalog, built on first use and shared by every session.</summary>
    public CompareView CompareView => _compareView.Value;
    public string Id => Entry.Id;
    public CatalogMetadata Metadata => _catalog.Metadata;
    public FeatureSummaryIndex Index { get; }
    public PersonaVectorSet? PersonaVectors { get; }
    public ModelDiffReport? ModelDiff { get; }
    /// <summary>Side files that exist but could not be read (the catalog itself is fine).</summary>
    public IReadOnlyList<string> Problems { get; }
    public int Count => _catalog.Count;

    public bool Contains(int feature) => feature >= 0 && feature < _catalog.Count;

    /// <summary>One feature's full record; null for an id outside the catalog.</summary>
    public FeatureStatistics? Read(int feature) => Contains(feature) ? _catalog.Read(feature) : null;

    /// <summary>The records of <paramref name="features"/>, read one at a time in the given order.</summary>
    public IEnumerable<FeatureStatistics> ReadMany(IEnumerable<int> features)
    {
        foreach (int f in features)
            if (Contains(f)) yield return _catalog.Read(f);
    }

    public string Parameter(string name) => Metadata.Parameters.GetValueOrDefault(name, "?");

    internal static LoadedCatalog Load(CatalogEntry entry)
    {
        var catalog = entry.Folder.OpenCatalog();
        try
        {
            // The report first: the index marks its candidates. Without a saved report this reads the catalog once more
            // and the store's user turns (trigger discovery), once per opened catalog.
            var candidates = CatalogCandidates.Load(entry.Folder);
            var index = FeatureSummaryIndex.Build(catalog, candidates.Set);
            var problems = new List<string>();
            var personas = TryRead(entry.Folder.ReadPersonaVectors, problems);
            var diff = TryRead(entry.Folder.ReadModelDiff, problems);
            return new LoadedCatalog(entry, catalog, index, candidates, personas, diff, problems);
        }
        catch
        {
            catalog.Dispose();
            throw;
        }
    }

    static T? TryRead<T>(Func<T?> read, List<string> problems) where T : class
    {
        try { return read(); }
        catch (InvalidInputFileException e) { problems.Add(e.Message); return null; }
    }

    public void Dispose()
    {
        if (_conversations.IsValueCreated) _conversations.Value.Dispose();
        _catalog.Dispose();
    }
}
