using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Candidates;

/// <summary>Which catalog to rank, how many candidates to keep, where its store is, and whether to save the report beside it.</summary>
public sealed record CandidatesRequest
{
    /// <summary>The catalog folder (written by <see cref="Analysis.AnalyzeWorkflow"/>).</summary>
    public required string Catalog { get; init; }

    /// <summary>The activation store the catalog was computed from (its user turns give the triggers); null: the
    /// store the catalog's metadata names.</summary>
    public string? Store { get; init; }

    /// <summary>Further stores in which to measure the verdict's feature against its trigger (<see cref="TriggerAssociation"/>), e.g.
    /// the base checkpoint's own replies harvested through the audited model: is the association new with post-training?</summary>
    public IReadOnlyList<string> AssociationStores { get; init; } = [];

    /// <summary>Candidates kept, best first.</summary>
    public int Top { get; init; } = 20;

    /// <summary>Measure the trigger state's causal weight (<see cref="Intervene.StateAblationEffects"/>) when the catalog names its
    /// model: loads that model and runs two forward passes per measured reply (at most 160). Off: the report's
    /// <c>trigger_state_effect</c> stays null (a large model, or a quick look).</summary>
    public bool StateEffect { get; init; } = true;

    /// <summary>The model the catalog's store was harvested from, for the state's causal weight; null: the one the catalog's
    /// metadata names (skipped when that folder is not there, e.g. a catalog analyzed on another machine).</summary>
    public string? Model { get; init; }

    /// <summary>Also write the report into the catalog folder (<see cref="Core.Catalog.CatalogFolder.CandidateReportPath"/>).</summary>
    public bool Save { get; init; }

    /// <exception cref="InvalidOptionException">Fewer than one candidate asked for.</exception>
    public void Validate()
    {
        if (Top < 1) throw new InvalidOptionException(nameof(Top), "keep at least one candidate");
        if (Model is not null && !Directory.Exists(Model)) throw new InvalidOptionException(nameof(Model), $"no model folder {Model}");
        if (Model is not null && !StateEffect) throw new InvalidOptionException(nameof(Model), "a model is read only for the state's causal weight, which is switched off");
    }
}
