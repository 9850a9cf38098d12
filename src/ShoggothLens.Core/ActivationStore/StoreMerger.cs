using ShoggothLens.Core.Formats;

namespace ShoggothLens.Core.ActivationStore;

/// <summary>
/// Joins the finished shard stores of one harvest (shards 0..N-1 of the same settings) into one
/// store. Tokens are appended in shard order and re-chunked at the same chunk size, and a chunk's
/// bytes depend only on its tokens, so the result is byte-for-byte the store an unsharded harvest
/// writes: the same manifest and the same chunk files.
/// </summary>
public static class StoreMerger
{
    public static StoreManifest Merge(IReadOnlyList<string> shardDirectories, string output,
        IProgress<long>? tokensWritten = null, CancellationToken cancellationToken = default)
    {
        if (shardDirectories.Count == 0) throw new ArgumentException("give the shard stores to merge");
        var shards = shardDirectories.Select(ActivationStoreReader.Open).OrderBy(s => s.Settings.Shard.Index).ToList();
        var first = shards[0].Settings;
        int count = first.Shard.Count;
        long records = first.Harvest.TotalRecords;
        string key = StoreManifestJson.SettingsKey(first, includeShard: false);
        for (int i = 0; i < shards.Count; i++)
        {
            var s = shards[i];
            string manifest = Path.Combine(s.Directory, StoreManifest.FileName);
            if (StoreManifestJson.SettingsKey(s.Settings, includeShard: false) != key)
                throw new InvalidInputFileException(manifest,
                    $"is from another harvest than {shards[0].Directory} ({SettingsDifference.Describe(first with { Shard = default }, s.Settings with { Shard = default })})");
            var shard = s.Settings.Shard;
            if (shard.Count != count)
                throw new InvalidInputFileException(manifest, $"is shard {shard.Index}/{shard.Count}; the others are of {count}");
            if (shard.Index != i)
                throw new InvalidInputFileException(manifest, i < shards.Count && shard.Index < i
                    ? $"is shard {shard.Index}/{count}, given twice"
                    : $"shard {i}/{count} is missing; a merge needs all {count} shards");
            if (shard != ShardRange.Compute(i, count, records, first.Harvest.RecordsPerBlock))
                throw new InvalidInputFileException(manifest, $"its record range {shard.FirstRecord}..{shard.EndRecord} is not shard {i}/{count}'s");
            if (!s.Manifest.Complete || s.Manifest.Cursor != HarvestCursor.At(shard.EndRecord))
                throw new InvalidInputFileException(manifest,
                    $"shard {i}/{count} is not finished (stopped at {s.Manifest.Cursor}, its records end at {shard.EndRecord}); run its harvest again to finish it");
        }
        if (shards.Count != count)
            throw new ArgumentException($"{shards.Count} stores given, the harvest has {count} shards");

        var maxTokens = shards.Select(s => s.Settings.Harvest.MaxTokens).Distinct().Count() == 1 ? first.Harvest.MaxTokens : null;
        var settings = first with { Shard = ShardRange.Whole(records), Harvest = first.Harvest with { MaxTokens = maxTokens } };
        using var writer = ActivationStoreWriter.Create(output, settings, manifestPerChunk: false);
        foreach (var shard in shards)
        {
            for (int c = 0; c < shard.ChunkCount; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var chunk = shard.OpenChunk(c);
                var run = new TokenRun
                {
                    TokenIds = chunk.TokenIds,
                    RoleIndices = chunk.RoleIds,
                    Roles = chunk.Roles,
                    DocumentIndices = chunk.DocumentIndices,
                    Documents = chunk.Documents,
                    Positions = chunk.Positions,
                    LabelBits = chunk.LabelBits,
                    LabelNames = chunk.LabelNames,
                };
                writer.Append(run, new ChunkActivationRows(chunk));
                tokensWritten?.Report(writer.Tokens);
            }
        }
        writer.Complete(HarvestCursor.At(records), shards.Sum(s => s.Manifest.SkippedRecords));
        return writer.Manifest;
    }
}
