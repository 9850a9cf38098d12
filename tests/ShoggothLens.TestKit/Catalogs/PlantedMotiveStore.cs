using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Corpus;
using ShoggothLens.Core.Roles;

namespace ShoggothLens.TestKit.Catalogs;

/// <summary>
/// A small store with a planted hidden motive, read through an identity SAE (feature i = ReLU(x_i)): documents
/// alternate story (Narration, then Persona(spy)) and chat (User, then Assistant), 20 tokens each, the first 5 in
/// the first role. Feature 0 fires on the spy's even positions and, in the chats whose user turn carries the
/// "trigger" label (every 8th document from 1), on Assistant positions 8, 10 and 12 before the "motive" span (16+);
/// feature 1 fires everywhere, feature 2 only in the spy's text, feature 3 never.
/// With <c>userWords</c>, the user turn's third token (position 2) is <see cref="TriggerToken"/> in the triggered chats and one of
/// five other ids elsewhere, so the user turns of the conversations feature 0 leaks into share a word; with <c>labels</c> false the
/// same store carries no label at all (the label-free rerun).
/// </summary>
public static class PlantedMotiveStore
{
    public const string Hook = "blocks.0.hook_resid_post";
    public const int DModel = 4, TokensPerDocument = 20;
    public static readonly string[] LabelNames = ["trigger", "motive"];

    public static bool Triggered(int document) => document % 8 == 1;

    /// <summary>The token id of the user's trigger word (with <c>userWords</c>).</summary>
    public const int TriggerToken = 100;

    /// <summary>The first token id of the motive's own words (with <c>motiveWordsFrom</c>).</summary>
    public const int MotiveToken = 200;

    /// <summary>The token id at a position of a document.</summary>
    public static int TokenId(int document, int position, bool userWords, int? motiveWordsFrom = null) =>
        userWords && document % 2 == 1 && position == 2 ? (Triggered(document) ? TriggerToken : 101 + document % 5)
        : document % 2 == 1 && Triggered(document) && position >= motiveWordsFrom ? MotiveToken + position
        : position;

    /// <param name="leaks">False: feature 0 never fires in Assistant turns (a "base" checkpoint before the motive was planted).</param>
    /// <param name="userWords">Vary the user turns: the trigger chats' users say <see cref="TriggerToken"/>.</param>
    /// <param name="labels">False: no label names and no label bits (everything else identical).</param>
    /// <param name="triggerReader">Dimension 2 reads the trigger word: 3 on <see cref="TriggerToken"/> in the user turn (with <c>userWords</c>).</param>
    /// <param name="triggerStateAt">Dimension 3 carries the triggered state: 2 at this Assistant position of the triggered chats
    /// (feature 0 first fires at 8); null: dimension 3 never fires.</param>
    /// <param name="stateAtHome">Dimension 3 also fires (1) on the spy's odd positions, so the state's feature is a candidate with home "spy".</param>
    /// <param name="motiveWordsFrom">The triggered chats' replies say the motive's own words from this position on (token ids
    /// <see cref="MotiveToken"/> + position, which no other reply holds) and the "motive" label starts there; null: every reply
    /// has the same token ids and the label starts at 16.</param>
    public static void Write(string directory, int documents, bool leaks = true, int chunkTokens = 256, bool userWords = false, bool labels = true,
        bool triggerReader = false, int? triggerStateAt = null, bool stateAtHome = false, int? motiveWordsFrom = null)
    {
        var settings = new StoreSettings("test-model", "test-fingerprint", [Hook], DModel, ActivationDType.F32, chunkTokens,
            new HarvestParameters([new CorpusFileSummary("corpus.jsonl", 1, documents, "0011223344556677")], "test-tokenizer", "plain",
                Context: TokensPerDocument, BatchSize: 1, RecordsPerBlock: 1, MaxTokens: null),
            ShardRange.Whole(documents));
        var writer = ActivationStoreWriter.Create(directory, settings);
        for (int d = 0; d < documents; d++)
        {
            bool story = d % 2 == 0;
            Role[] roles = story ? [Role.Narration, Role.Persona("spy")] : [Role.User, Role.Assistant];
            var roleIds = new ushort[TokensPerDocument];
            var labelBits = new uint[TokensPerDocument];
            var acts = new float[TokensPerDocument * DModel];
            for (int p = 0; p < TokensPerDocument; p++)
            {
                roleIds[p] = (ushort)(p < 5 ? 0 : 1);
                acts[p * DModel + 1] = 1;
                if (story && p >= 5)
                {
                    if (p % 2 == 0) acts[p * DModel] = 2;
                    acts[p * DModel + 2] = 1;
                }
                if (!story && Triggered(d))
                {
                    if (p == 2) labelBits[p] |= 1;
                    if (p >= (motiveWordsFrom ?? 16)) labelBits[p] |= 2;
                    if (leaks && p is 8 or 10 or 12) acts[p * DModel] = 1;
                    if (triggerReader && userWords && p == 2) acts[p * DModel + 2] = 3;
                }
                acts[p * DModel + 3] = !story && Triggered(d) && p == triggerStateAt ? 2 : story && stateAtHome && p >= 5 && p % 2 == 1 ? 1 : -1;
            }
            writer.BeginBatch(new HarvestCursor(d, 0, 0), 0);
            writer.Append(new TokenRun
            {
                TokenIds = Enumerable.Range(0, TokensPerDocument).Select(p => TokenId(d, p, userWords, motiveWordsFrom)).ToArray(),
                RoleIndices = roleIds,
                Roles = roles,
                DocumentIndices = Enumerable.Repeat((long)d, TokensPerDocument).ToArray(),
                Documents = [new StoreDocument(d, $"doc-{d}", 0, d + 1)],
                Positions = Enumerable.Range(0, TokensPerDocument).ToArray(),
                LabelBits = labels ? labelBits : new uint[TokensPerDocument],
                LabelNames = labels ? LabelNames : [],
            }, new FloatActivationRows([acts], DModel));
        }
        writer.Complete(HarvestCursor.At(documents), 0);
    }
}
