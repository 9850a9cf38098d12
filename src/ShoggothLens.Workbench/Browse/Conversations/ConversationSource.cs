using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Formats;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Sae.Architectures;
using ShoggothLens.Sae.Formats;
using ShoggothLens.Workbench.Analysis;
using ShoggothLens.Workbench.Analysis.Torch;

namespace ShoggothLens.Workbench.Browse.Conversations;

/// <summary>
/// Whole conversations of a catalog with one feature's activation over every token. The catalog keeps only windows
/// around top activations, so the tokens come from where the catalog came from (its metadata records both): the
/// activation store it was analysed from holds every token's id, role and residual at the hook, and the SAE's Encode
/// of that residual is the feature's exact activation, as the analysis computed it. When either source is missing or
/// no longer fits the catalog, <see cref="Open"/> says so instead. One per opened catalog, shared by every session;
/// the sources are opened on first use and one conversation is read at a time.
/// </summary>
public sealed class ConversationSource(CatalogMetadata metadata) : IDisposable
{
    /// <summary>Longest document read whole; a longer one shows its first tokens and says it was cut.</summary>
    public const int MaxTokens = 4096;
    const int EncodeBatch = 256;

    readonly object _gate = new();
    Sources? _sources;
    string? _problem;
    bool _tried, _disposed;

    sealed class Sources(ActivationStoreReader store, int hook, SparseAutoencoder sae, SaeEncoder encode, TokenStrings text, (long First, long Last)[] chunkDocuments) : IDisposable
    {
        public ActivationStoreReader Store { get; } = store;
        public int Hook { get; } = hook;
        public SparseAutoencoder Sae { get; } = sae;
        public SaeEncoder Encode { get; } = encode;
        public TokenStrings Text { get; } = text;
        /// <summary>The smallest and largest document index of each chunk (from the chunks' headers).</summary>
        public (long First, long Last)[] ChunkDocuments { get; } = chunkDocuments;
        public void Dispose() => Sae.Dispose();
    }

    /// <summary>Document <paramref name="document"/> of the store with <paramref name="feature"/>'s activation over it.</summary>
    public ConversationResult Open(int feature, long document, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_tried)
            {
                _tried = true;
                (_sources, _problem) = TryOpen(metadata);
            }
            if (_sources is not { } s) return new ConversationResult.Unavailable(_problem!);
            if (feature < 0 || feature >= s.Sae.Config.DSae) return new ConversationResult.Unavailable($"The SAE has no feature {feature}.");
            try
            {
                return Read(s, feature, document, cancellationToken);
            }
            catch (InvalidInputFileException e)
            {
                return new ConversationResult.Unavailable($"The activation store cannot be read: {e.Message}");
            }
        }
    }

    static (Sources?, string?) TryOpen(CatalogMetadata metadata)
    {
        var p = metadata.Parameters;
        if (p.GetValueOrDefault("store") is not { } storePath || p.GetValueOrDefault("sae") is not { } saePath)
            return (null, "This catalog records no activation store and SAE (it was not made by shoggoth analyze), so its conversations cannot be shown.");
        if (!File.Exists(Path.Combine(storePath, StoreManifest.FileName)))
            return (null, $"The activation store this catalog was analysed from ({storePath}) is not on this machine, so the whole conversation cannot be shown.");
        if (!Directory.Exists(saePath) && !File.Exists(saePath))
            return (null, $"The SAE this catalog was analysed with ({saePath}) is not on this machine, so the feature's activation over the conversation cannot be computed.");
        ActivationStoreReader store;
        LoadedSae loaded;
        try
        {
            store = ActivationStoreReader.Open(storePath);
            loaded = SaeFiles.Load(saePath);
        }
        catch (Exception e) when (e is InvalidInputFileException or IOException or ArgumentException or UnauthorizedAccessException)
        {
            return (null, $"The catalog's sources cannot be read: {e.Message}");
        }
        if (p.GetValueOrDefault("model_fingerprint") is { } fingerprint && fingerprint != store.Settings.ModelFingerprint)
            return (null, $"The store at {storePath} now holds another model's activations than the ones this catalog was analysed from.");
        string? hook = p.GetValueOrDefault("hook");
        if (hook is null || !store.Hooks.Contains(hook))
            return (null, $"The store at {storePath} has no hook {hook ?? "(none recorded)"}, the one this catalog was analysed at.");
        if (loaded.Config.DIn != store.DModel || loaded.Config.DSae != metadata.Features)
            return (null, $"The SAE at {saePath} (d_in {loaded.Config.DIn}, {loaded.Config.DSae} features) does not fit this catalog ({metadata.Features} features over d_model {store.DModel}).");

        var documents = new (long, long)[store.ChunkCount];
        for (int i = 0; i < store.ChunkCount; i++)
        {
            using var chunk = ActivationChunk.Open(Path.Combine(store.Directory, store.Manifest.Chunks[i].File));   // the header only
            var docs = chunk.Documents;
            documents[i] = docs.Count == 0 ? (long.MaxValue, long.MinValue) : (docs.Min(d => d.Index), docs.Max(d => d.Index));
        }
        string? tokenizer = p.GetValueOrDefault("token_strings");
        ITextTokenizer? text = null;
        if (tokenizer is not null && Directory.Exists(tokenizer))
        {
            try { text = TokenizerLoader.Load(tokenizer); }
            catch (Exception e) when (e is InvalidInputFileException or IOException or ArgumentException) { text = null; }   // ids as text
        }
        var sae = loaded.ToModel();
        return (new Sources(store, store.HookIndex(hook), sae, TorchSaeEncoder.For(sae), new TokenStrings(text), documents), null);
    }

    static ConversationResult Read(Sources s, int feature, long document, CancellationToken cancellationToken)
    {
        var store = s.Store;
        int dModel = store.DModel, dSae = s.Sae.Config.DSae;
        var ids = new List<int>();
        var roles = new List<string>();
        var positions = new List<int>();
        var residuals = new List<float>();
        string? documentId = null;
        bool truncated = false;
        for (int c = 0; c < store.ChunkCount && !truncated; c++)
        {
            var (first, last) = s.ChunkDocuments[c];
            if (document < first || document > last) continue;
            cancellationToken.ThrowIfCancellationRequested();
            using var chunk = store.OpenChunk(c);
            documentId ??= chunk.Documents.FirstOrDefault(d => d.Index == document)?.Id;
            var docs = chunk.DocumentIndices;
            int start = docs.IndexOf(document);
            if (start < 0) continue;
            int end = start;
            while (end < docs.Length && docs[end] == document) end++;   // a document's tokens are contiguous
            int take = Math.Min(end - start, MaxTokens - ids.Count);
            truncated = take < end - start;
            var tokenIds = chunk.TokenIds;
            var pos = chunk.Positions;
            for (int t = start; t < start + take; t++)
            {
                ids.Add(tokenIds[t]);
                roles.Add(chunk.RoleOf(t).ToString());
                positions.Add(pos[t]);
            }
            var buffer = new float[take * dModel];
            chunk.ReadActivations(s.Hook, start, take, buffer);
            residuals.AddRange(buffer);
        }
        if (ids.Count == 0) return new ConversationResult.Unavailable($"Document {document} is not in the activation store at {store.Directory}.");

        var activations = new float[ids.Count];
        var inputs = residuals.ToArray();
        var codes = new float[EncodeBatch * dSae];
        for (int b = 0; b < ids.Count; b += EncodeBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(EncodeBatch, ids.Count - b);
            s.Encode(inputs.AsSpan(b * dModel, n * dModel), n, codes.AsSpan(0, n * dSae));
            for (int i = 0; i < n; i++) activations[b + i] = codes[i * dSae + feature];
        }
        var tokens = new ConversationToken[ids.Count];
        for (int i = 0; i < tokens.Length; i++) tokens[i] = new ConversationToken(positions[i], ids[i], s.Text.Get(ids[i]), roles[i], activations[i]);
        return new ConversationResult.Shown(new LeakConversation(feature, document, documentId, tokens, truncated));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _sources?.Dispose();
        }
    }
}
