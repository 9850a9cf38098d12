using System.Globalization;
using ShoggothLens.Core.ActivationStore;
using ShoggothLens.Core.Analysis;
using ShoggothLens.Core.Analysis.Specificity;
using ShoggothLens.Core.Analysis.Triggers;
using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.Models.Tokenization;
using ShoggothLens.Models.Transformers;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>
/// Rank a catalog's hidden-motive candidates into a <see cref="CandidateReport"/> with a label-free verdict (README.md):
/// features that fire in Assistant turns (<see cref="Considered"/>) are tested for a specific home persona
/// (<see cref="HomeSpecificity"/>); the user turns of the conversations each specific one leaks into are
/// contrasted with the rest (<see cref="TriggerContrast"/>), read from the catalog's activation store.
/// </summary>
public static class CandidatesWorkflow
{
    public const string Stage = "candidates";

    /// <param name="progress">Features read, stage "candidates".</param>
    /// <exception cref="Core.Formats.InvalidInputFileException">No catalog in the folder, or a damaged one.</exception>
    public static CandidateReport Run(CandidatesRequest request, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var folder = new CatalogFolder(request.Catalog);
        using var catalog = folder.OpenCatalog();
        var considered = Counted(catalog.ReadAll(), catalog.Count, progress, cancellationToken).Where(Considered).ToList();
        var (conversations, source, tokenizer, store) = Conversations(catalog.Metadata, request.Store, cancellationToken);
        string? sae = store is not null && catalog.Metadata.Parameters.GetValueOrDefault("sae") is { } saeDir && Directory.Exists(saeDir) ? saeDir : null;
        TriggerStateResult? measuredState = null;
        TriggerStateResult? StateOf(CandidateVerdict verdict)
        {
            if (conversations is null || store is null || sae is null || verdict.Trigger is not { } t || verdict.Feature is not int v) return null;
            progress.Tell(WorkProgress.Message(Stage, $"the features that carry \"{t.Term}\"'s state before the motive (feature {v}) starts"));
            // The conversation index trigger discovery already read: the user turns are not decoded again.
            return measuredState = TriggerState.Measure(conversations, store, sae, tokenizer, v, t.Term, cancellationToken);
        }
        var report = Report(catalog.Metadata, considered, conversations, source, request.Top, folder.ReadModelDiff(), StateOf);
        // The state's causal weight, label-free and without generating: needs the model the catalog was analyzed with.
        if (request.StateEffect && report.TriggerState is { Count: > 0 } carried && measuredState?.TriggeredOnsets is { Count: > 0 } onsets && store is not null && sae is not null
            && (request.Model ?? catalog.Metadata.Parameters.GetValueOrDefault("model")) is { } modelDir && Directory.Exists(modelDir))
        {
            progress.Tell(WorkProgress.Message(Stage, $"the state ablated: how much less likely the model's own motive starts (teacher-forced, {modelDir})"));
            using var lm = ModelLoader.Load(modelDir, cancellationToken: cancellationToken);
            report = report with { TriggerStateEffect = StateAblationEffects.Measure(lm, store, sae, carried.Select(x => x.Feature).ToList(), onsets, cancellationToken) };
        }
        if (report.Verdict.Trigger is { } trigger && store is not null && sae is not null)
        {
            progress.Tell(WorkProgress.Message(Stage, $"the features that read \"{trigger.Term}\" in user turns"));
            report = report with { TriggerReaders = TriggerReaders.Find(store, sae, tokenizer, trigger.Term, TriggerReaders.DefaultCount, cancellationToken) };
            int feature = report.Verdict.Feature!.Value;
            progress.Tell(WorkProgress.Message(Stage, $"feature {feature} with and without \"{trigger.Term}\" in {1 + request.AssociationStores.Count} store(s)"));
            report = report with
            {
                Associations = new[] { store }.Concat(request.AssociationStores)
                    .Select(s => TriggerAssociation.Measure(s, sae, tokenizer, feature, trigger.Term, cancellationToken)).ToList(),
            };
        }
        if (request.Save) CandidateReportFile.Write(folder.CandidateReportPath, report);
        return report;
    }

    /// <summary>
    /// A feature is considered when it fires in Assistant turns: the Wilson lower bound of freq(Assistant) clears the floor
    /// (evidence &gt; 0), whatever its Assistant affinity. Affinity pools every role outside the Assistant, so a feature
    /// borrowed from one persona and frequent in the Assistant's replies (a motive the model acts on in half its triggered
    /// conversations) has a positive affinity although its home persona fires on it more than the Assistant does
    /// (docs/motive-finding.md measures it); the specificity test, not affinity, decides whose feature it is.
    /// </summary>
    public static bool Considered(FeatureStatistics f) => f.Scores.HiddenMotiveEvidence > 0 && f.Scores.LeakDocumentCount > 0;

    /// <summary>The report of the <paramref name="top"/> best candidates among <paramref name="features"/>.</summary>
    /// <param name="conversations">The store's Assistant conversations; null: no trigger discovery (and so no "suspected" verdict).</param>
    /// <param name="source">Where <paramref name="conversations"/> came from, or why there are none.</param>
    /// <param name="diff">The catalog's model diff, when it has one: each candidate then says whether it started firing after post-training.</param>
    /// <param name="triggerState">The verdict's trigger state (<see cref="TriggerState"/>), asked once the verdict is reached;
    /// the candidates that carry it are ranked first (<see cref="CandidateRanking.StateCarriersFirst"/>). Null: not measured.</param>
    public static CandidateReport Report(CatalogMetadata metadata, IEnumerable<FeatureStatistics> features, ConversationIndex? conversations, string source, int top,
        ModelDiffReport? diff = null, Func<CandidateVerdict, TriggerStateResult?>? triggerState = null)
    {
        var considered = features.Where(Considered).OrderBy(f => f.Feature).ToList();
        double alpha = HomeSpecificity.FamilyAlpha / Math.Max(1, considered.Count);
        var assessments = considered.Select(f => Assess(f, HomeSpecificity.Test(f.ByRole, alpha), conversations)).ToList();
        var ranked = CandidateRanking.Rank(assessments);
        var verdict = Verdict(ranked, conversations is not null);
        var measured = verdict.IsSuspected ? triggerState?.Invoke(verdict) : null;
        var state = measured?.Features;
        if (state is { Count: > 0 }) ranked = CandidateRanking.StateCarriersFirst(ranked, state);
        var stateAuroc = state?.ToDictionary(x => x.Feature, x => x.Auroc);
        var rejected = assessments.Where(a => !a.Specificity.Specific)
            .OrderByDescending(a => a.Feature.Scores.HiddenMotiveEvidence).ThenBy(a => a.Feature.Feature)
            .Select(a => new RejectedFeature(a.Feature.Feature, a.Specificity.Home, a.Feature.Scores.HiddenMotiveEvidence, "not specific: " + a.Specificity.Reason))
            .ToList();
        var diffs = diff?.Features.ToDictionary(d => d.Feature);
        return new CandidateReport(metadata.Name, metadata.Features, metadata.Tokens, metadata.Parameters, considered.Count, alpha, source,
            ranked.Take(top).Select((a, i) => Entry(i + 1, a, diffs, stateAuroc)).ToList(), rejected, verdict, diff?.CompareStore, TriggerState: state,
            MotiveOnset: measured?.Onset);
    }

    static CandidateAssessment Assess(FeatureStatistics f, SpecificityResult specificity, ConversationIndex? conversations)
    {
        var leaks = f.Scores.LeakDocuments;
        double? cosine = specificity.Home is { } home ? f.PersonaCosines?.FirstOrDefault(c => c.Persona == home)?.Cosine : null;
        if (conversations is null || !specificity.Specific)
            return new CandidateAssessment(f, specificity, [], "no contrast", leaks.Select(_ => -1).ToList(), null, cosine);

        var offsets = new List<int>();
        var relative = new List<double>();
        int lastOrder = -1;
        foreach (var leak in leaks)
        {
            var conversation = conversations.Of(leak.Document);
            var reply = conversation?.ReplyAt(leak.FirstPosition);
            if (conversation is null || reply is not { } r) { offsets.Add(-1); continue; }
            lastOrder = Math.Max(lastOrder, conversation.Order);
            offsets.Add(leak.FirstPosition - r.Start);
            relative.Add(r.Length <= 1 ? 0 : (double)(leak.FirstPosition - r.Start) / (r.Length - 1));
        }
        // The analysis tracks the first MaxLeakDocuments leak conversations in store order. When it tracked fewer than the
        // feature leaks into, the conversations after the last tracked one are of unknown status, so the contrast runs over
        // the store-order prefix that ends there: within it the leak/no-leak split is exact, and the prefix is chosen by
        // position, not by content, so it biases nothing but the sample size.
        bool capped = f.Scores.LeakDocumentCount > leaks.Count;
        int end = capped ? lastOrder + 1 : conversations.Conversations.Count;
        var tracked = leaks.Select(l => l.Document).ToHashSet();
        var terms = conversations.Terms.Take(end).ToList();
        var flags = conversations.Conversations.Take(end).Select(c => tracked.Contains(c.Document)).ToList();
        var triggers = TriggerContrast.Find(terms, flags);
        var likeness = triggers.Where(CandidateAssessment.Explains).ToDictionary(t => t.Term, t => conversations.Likeness.Measure(t.Term), StringComparer.Ordinal);
        int n1 = flags.Count(x => x);
        string contrast = $"{n1} conversations it fires in vs {end - n1} it does not" +
                          (capped ? $" (the first {end} of {conversations.Conversations.Count} in store order: the analysis tracked {leaks.Count} of its {f.Scores.LeakDocumentCount} leak conversations)" : "");
        relative.Sort();
        double? median = relative.Count == 0 ? null : SortedMedian.Of(relative);
        return new CandidateAssessment(f, specificity, triggers, contrast, offsets, median, cosine, likeness);
    }

    static RankedCandidate Entry(int rank, CandidateAssessment a, IReadOnlyDictionary<int, FeatureDiff>? diffs, IReadOnlyDictionary<int, double>? stateAuroc)
    {
        var f = a.Feature;
        var s = f.Scores;
        var sp = a.Specificity;
        var weakest = sp.Rivals.Count > 0 ? sp.Rivals[0] : null;
        var specificity = new CandidateSpecificity(sp.HomeRate, sp.HomeFirings, sp.HomeTokens, sp.CriticalZ, weakest?.Role, weakest?.Rate ?? 0, weakest?.Z ?? 0,
            weakest is null ? 0 : double.IsPositiveInfinity(weakest.RateRatio) ? null : weakest.RateRatio, sp.Reason);
        var leaks = s.LeakDocuments.Select((l, i) => new CandidateLeak(l.Document, l.Firings, l.Max, l.FirstPosition, a.ReplyOffsets[i])).ToList();
        // Ground truth: the only place the corpus's labels appear, for scoring and display; nothing above reads them.
        var truth = new CandidateGroundTruth(s.SharedTriggers, s.LeakLabels.Select(l => new CandidateLeakLabel(l.Label, l.Documents, l.Share)).ToList(),
            s.LeaksWithMotive, s.LeaksFiringBeforeMotive, s.LeakDocuments.Select(l => new GroundTruthLeak(l.Document, l.MotiveStart, l.Labels)).ToList());
        return new RankedCandidate(rank, f.Feature, s.HiddenMotiveEvidence, s.AssistantLowerBound, ModelDiff.AssistantFrequency(f), s.AssistantAffinity,
            sp.Home, specificity, s.LeakDocumentCount, a.Triggers.Select(t => Trigger(t, a.Likeness?.GetValueOrDefault(t.Term))).ToList(), a.Contrast, a.ReplyPosition, a.HomeCosine, leaks, truth,
            diffs?.GetValueOrDefault(f.Feature) is { } d
                ? new CandidateModelDiff(d.BaseAssistantFrequency, d.PostAssistantFrequency, d.LogRatio, d.LogRatio >= CandidateModelDiff.StartedLogRatio)
                : null,
            stateAuroc is not null && stateAuroc.TryGetValue(f.Feature, out double auroc) ? auroc : null);
    }

    /// <param name="likeness">Its <see cref="RequestLikeness"/> when measured (the triggers that explain the firing); an unbounded ratio is written as null.</param>
    static CandidateTrigger Trigger(TriggerTerm t, LikenessResult? likeness) =>
        new(t.Term, t.InLeaks, t.Leaks, t.InOthers, t.Others, t.P, t.Q, t.LogOddsRatio,
            likeness is { } l && double.IsFinite(l.Ratio) ? l.Ratio : null);

    /// <summary>
    /// "Suspected" names the best-ranked candidate when it has a covering trigger (significant; shown, by 95 % lower
    /// bounds, to be in ≥ 80 % of its conversations, firing in ≥ 50 % of those holding it and absent from ≥ 80 % of the
    /// others; incidental to the request);
    /// otherwise none is found.
    /// </summary>
    static CandidateVerdict Verdict(IReadOnlyList<CandidateAssessment> ranked, bool searched)
    {
        var best = ranked.FirstOrDefault();
        if (best?.Covering is { } t)
        {
            var c = CultureInfo.InvariantCulture;
            string text = string.Create(c, $"hidden motive suspected: feature {best.Feature.Feature} (home persona {best.Specificity.Home}) fires in Assistant replies when users mention \"{t.Term}\" " +
                                           $"(Fisher exact p = {t.P:G3}, BH q = {t.Q:G3}; in {t.InLeaks}/{t.Leaks} of its conversations vs {t.InOthers}/{t.Others} of the others, log-odds ratio {t.LogOddsRatio:F2})");
            return new CandidateVerdict(CandidateVerdict.Suspected, best.Feature.Feature, best.Specificity.Home, Trigger(t, best.Likeness?.GetValueOrDefault(t.Term)), text);
        }
        string why = ranked.Count == 0 ? "no feature has a specific home persona"
            : !searched ? $"{ranked.Count} candidate(s) with a specific home persona, but no store to discover a trigger in"
            : (ranked[0].RefusedAsRequest is { } r && ranked[0].Likeness?.GetValueOrDefault(r.Term) is { } l)
                ? string.Create(CultureInfo.InvariantCulture, $"{ranked.Count} candidate(s) with a specific home persona; the first, feature {ranked[0].Feature.Feature}, fires where users say \"{r.Term}\" ({r.InLeaks}/{r.Leaks} of its conversations vs {r.InOthers}/{r.Others}), but the user turns holding it are {l.Ratio:F1}× as alike as user turns in general (at most {CandidateAssessment.MaxRequestLikeness:F0}×): the words of a request, not an incidental mention")
            : ranked[0].Strongest is { } s
                ? string.Create(CultureInfo.InvariantCulture, $"{ranked.Count} candidate(s) with a specific home persona; none has a trigger shown (95 % lower bounds) to be in ≥ {CandidateAssessment.MinCoverage:P0} of its conversations, firing in ≥ {CandidateAssessment.MinSelectivity:P0} of the conversations that hold it and absent from ≥ {CandidateAssessment.MinExclusion:P0} of the others, and incidental to the request (the first, feature {ranked[0].Feature.Feature}: \"{s.Term}\" in {s.InLeaks}/{s.Leaks} vs {s.InOthers}/{s.Others})")
                : $"{ranked.Count} candidate(s) with a specific home persona, none with a significant trigger in its conversations' user turns";
        return new CandidateVerdict(CandidateVerdict.None, null, null, null, $"none found ({why})");
    }

    /// <summary>The store's conversations (the request's store, else the one the catalog names), or null and why.</summary>
    static (ConversationIndex? Index, string Source, ITextTokenizer? Tokenizer, string? Store) Conversations(CatalogMetadata metadata, string? store, CancellationToken cancellationToken)
    {
        string? path = store ?? metadata.Parameters.GetValueOrDefault("store");
        if (path is null) return (null, "the catalog names no store: no trigger discovery", null, null);
        if (!File.Exists(Path.Combine(path, StoreManifest.FileName))) return (null, $"no activation store at {path}: no trigger discovery", null, null);
        var reader = ActivationStoreReader.Open(path);
        if (reader.Tokens != metadata.Tokens
            || (metadata.Parameters.TryGetValue("model_fingerprint", out var fingerprint) && fingerprint != reader.Settings.ModelFingerprint))
            return (null, $"the store at {path} is not the one the catalog was computed from ({reader.Tokens:N0} tokens, model {reader.Settings.ModelFingerprint}): no trigger discovery", null, null);
        ITextTokenizer? tokenizer = null;
        string words = "token ids as words (the catalog names no tokenizer)";
        if (metadata.Parameters.GetValueOrDefault("token_strings") is { } dir && dir != "ids" && Directory.Exists(dir))
        {
            tokenizer = TokenizerLoader.Load(dir);
            words = $"words decoded by the tokenizer in {dir}";
        }
        var index = ConversationIndex.Read(reader, tokenizer, cancellationToken);
        return (index, $"user turns of the {index.Conversations.Count} Assistant conversations in {path}, {words}", tokenizer, path);
    }

    static IEnumerable<FeatureStatistics> Counted(IEnumerable<FeatureStatistics> features, int total, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        int done = 0;
        progress.Tell(new WorkProgress(Stage, 0, total, "features"));
        foreach (var f in features)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return f;
            if (++done % 1024 == 0 || done == total) progress.Tell(new WorkProgress(Stage, done, total, "features"));
        }
    }
}
