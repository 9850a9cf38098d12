using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Formats;

namespace ShoggothLens.Models.Harvest;

/// <summary>
/// Cuts a shard's documents into windows and groups them into batches: windows in corpus order,
/// up to the batch size, never across a block of <see cref="HarvestParameters.RecordsPerBlock"/>
/// records. The batches are a function of the corpus and these sizes alone — not of where a run
/// started — which is what makes a resumed or sharded harvest compute exactly the same batches
/// (and so the same activations, bit for bit) as one uninterrupted run.
/// </summary>
public sealed class WindowBatcher(
    CorpusReader reader,
    IReadOnlyList<CorpusFileSummary> summaries,
    DocumentTokenizer tokenizer,
    ShardRange shard,
    int context,
    int batchSize,
    int recordsPerBlock)
{
    /// <summary>Bad records seen so far (counting those before the start cursor that the caller passed in).</summary>
    public long SkippedRecords { get; private set; }

    /// <summary>Called with each bad record skipped (the reader's SkipBad is on) and its problem.</summary>
    public event Action<CorpusRecord, string>? BadRecord;

    /// <summary>The batches from <paramref name="start"/> (a batch start written by an earlier run, or the shard's first record) to the shard's end.</summary>
    public IEnumerable<HarvestBatch> Batches(HarvestCursor start, long skippedBefore)
    {
        SkippedRecords = skippedBefore;
        var pending = new List<HarvestWindow>(batchSize);
        HarvestCursor batchStart = start;
        long batchSkipped = skippedBefore;
        long pendingBlock = -1;
        bool first = true;

        foreach (var record in reader.Read(start.Record, shard.EndRecord, summaries))
        {
            long block = record.Index / recordsPerBlock;
            if (pending.Count > 0 && block != pendingBlock)
            {
                yield return new HarvestBatch(batchStart, batchSkipped, pending.ToArray());
                pending.Clear();
            }
            var document = Open(record);
            if (document is null) continue;

            int firstWindow = record.Index == start.Record ? start.Window : 0;
            foreach (var window in Windows(document, firstWindow))
            {
                if (pending.Count == 0)
                {
                    // The resumed batch keeps its SkipTokens; every later batch starts fresh.
                    batchStart = new HarvestCursor(record.Index, window.Index, first ? start.SkipTokens : 0);
                    first = false;
                    batchSkipped = SkippedRecords;
                    pendingBlock = block;
                }
                pending.Add(window);
                if (pending.Count == batchSize)
                {
                    yield return new HarvestBatch(batchStart, batchSkipped, pending.ToArray());
                    pending.Clear();
                }
            }
        }
        if (pending.Count > 0) yield return new HarvestBatch(batchStart, batchSkipped, pending.ToArray());
    }

    /// <summary>
    /// Windows [0, c), [c, 2c), ... of a document as its tokens stream in, from <paramref name="firstWindow"/> on (the
    /// ones before it are counted, not kept). A full window goes out when the next token arrives, so the last one
    /// knows it ends the document.
    /// </summary>
    IEnumerable<HarvestWindow> Windows(DocumentTokenStream document, int firstWindow)
    {
        var ids = new int[context];
        var roles = new ushort[context];
        var labels = new uint[context];
        int count = 0, index = 0;
        HarvestWindow Cut(bool last) => new(document.Source, index, index * context, ids[..count], roles[..count], labels[..count],
            document.Roles.ToArray(), document.LabelNames, last);
        foreach (var token in document.Tokens())
        {
            if (count == context)
            {
                if (index >= firstWindow) yield return Cut(last: false);
                index++;
                count = 0;
            }
            ids[count] = token.Id;
            roles[count] = token.RoleIndex;
            labels[count] = token.LabelBits;
            count++;
        }
        if (count > 0 && index >= firstWindow) yield return Cut(last: true);
    }

    DocumentTokenStream? Open(CorpusRecord record)
    {
        string? problem = record.Problem;
        DocumentTokenStream? document = null;
        if (record.Document is { } doc)
        {
            try
            {
                document = tokenizer.Stream(doc, new StoreDocument(record.Index, doc.Id, record.FileIndex, record.Line));
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // The chat template refuses the conversation: as bad as a malformed line.
                if (!reader.Options.SkipBad) throw new InvalidInputFileException(record.Path, $"line {record.Line}: {e.Message}", e);
                problem = e.Message;
            }
        }
        if (problem is null) return document;
        SkippedRecords++;
        BadRecord?.Invoke(record, problem);
        return null;
    }
}
