using ShoggothLens.Core.Catalog;
using ShoggothLens.Core.Work;
using ShoggothLens.Workbench.Intervene;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>What <see cref="CandidateCausalChecks.Run"/> is asked: the report's first <see cref="Top"/> candidates, each ablated alone.</summary>
public sealed record CandidateCausalRequest
{
    /// <summary>The catalog folder the report came from (its metadata names the model and the SAE).</summary>
    public required string Catalog { get; init; }

    /// <summary>Candidates to check, best first.</summary>
    public int Top { get; init; } = 5;

    /// <summary>The organism whose held-out chats give the prompts and whose detector counts the motive; null: the shipped organism.</summary>
    public string? Organism { get; init; }

    /// <summary>Triggered and untriggered chats each.</summary>
    public int Chats { get; init; } = 40;

    public int MaxNewTokens { get; init; } = 96;

    public int Threads { get; init; } = 1;

    /// <exception cref="InvalidOptionException">A count below one.</exception>
    public void Validate()
    {
        if (Top < 1) throw new InvalidOptionException(nameof(Top), "check at least one candidate");
        if (Chats < 1) throw new InvalidOptionException(nameof(Chats), "the motive rate needs at least one chat of each kind");
        if (MaxNewTokens < 1) throw new InvalidOptionException(nameof(MaxNewTokens), "a reply has at least one token");
    }
}

/// <summary>One ablation of the check: a candidate alone, or the report's trigger readers together.</summary>
/// <param name="Features">The features ablated.</param>
/// <param name="What">"candidate 3" or "trigger readers of \"T\"".</param>
public sealed record CandidateCausalResult(IReadOnlyList<int> Features, string What, MotiveRate Rate, double CeCost);

/// <summary>
/// <c>candidates --causal-top N</c>: the causal check run on a report's first N candidates, each ablated alone at the
/// SAE's hook (error term kept), plus the report's trigger readers together, in one intervention run so every setting
/// answers the same held-out chats of an organism; the motive rate by its own detector and the CE cost of each.
/// </summary>
public static class CandidateCausalChecks
{
    /// <exception cref="InvalidOptionException">The catalog names no model or SAE, or the report has no candidate.</exception>
    public static (MotiveRate Baseline, IReadOnlyList<CandidateCausalResult> Results) Run(CandidateReport report, CandidateCausalRequest request,
        IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        request.Validate();
        if (report.Candidates.Count == 0) throw new InvalidOptionException(nameof(CandidateCausalRequest.Top), "the report has no candidate to check");
        IReadOnlyDictionary<string, string> parameters;
        using (var catalog = new CatalogFolder(request.Catalog).OpenCatalog()) parameters = catalog.Metadata.Parameters;
        string model = parameters.GetValueOrDefault("model")
            ?? throw new InvalidOptionException(nameof(CandidateCausalRequest.Catalog), "the catalog was analysed without --model, so there is no model to run");
        string sae = parameters.GetValueOrDefault("sae")
            ?? throw new InvalidOptionException(nameof(CandidateCausalRequest.Catalog), "the catalog names no SAE");

        var checks = report.Candidates.Take(request.Top).Select(c => (Features: (IReadOnlyList<int>)[c.Feature], What: $"candidate {c.Rank}")).ToList();
        if (report.TriggerReaders is { Count: > 0 } readers)
            checks.Add((readers.Select(r => r.Feature).ToList(), $"trigger readers of \"{report.Verdict.Trigger!.Term}\""));
        var result = InterveneWorkflow.Run(new InterveneRequest
        {
            Model = model,
            Sae = sae,
            Organism = request.Organism,
            Ablate = checks[0].Features,
            AlsoAblate = checks.Skip(1).Select(c => c.Features).ToList(),
            Chats = request.Chats,
            Samples = 0,
            CeDocuments = 20,
            MaxNewTokens = request.MaxNewTokens,
            Threads = request.Threads,
        }, progress, cancellationToken);
        if (result.Motive is null)
            throw new InvalidOptionException(nameof(CandidateCausalRequest.Organism), "the prompts came from no organism, so there is no motive rate");
        var results = checks.Select(c =>
        {
            string name = InterventionSetting.Ablation(c.Features).Name;
            return new CandidateCausalResult(c.Features, c.What, result.RateOf(name), result.CostOf(name));
        }).ToList();
        return (result.RateOf(InterventionSetting.Baseline.Name), results);
    }
}
