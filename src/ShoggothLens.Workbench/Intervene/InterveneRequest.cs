using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Intervene;

/// <summary>
/// What <see cref="InterveneWorkflow.Run"/> is asked to do: splice an SAE into a model, ablate features or steer
/// along one, generate, and measure. Prompts come from an organism's held-out chats (the default: the shipped
/// organism), a chat corpus, or one prompt text; the defaults fit <c>shoggoth demo</c>'s output.
/// </summary>
public sealed record InterveneRequest
{
    /// <summary>Model directory or organism spec; null: the organism's Assistant checkpoint.</summary>
    public string? Model { get; init; }

    /// <summary>The SAE's directory (any layout the loaders read); its cfg names the hook.</summary>
    public string Sae { get; init; } = Path.Combine("features", "organism-demo", "sae");

    /// <summary>Hook point to splice at; null: the SAE's own hook.</summary>
    public string? Hook { get; init; }

    /// <summary>Features to ablate together (one setting).</summary>
    public IReadOnlyList<int> Ablate { get; init; } = [];

    /// <summary>Further feature sets to ablate, each its own setting after <see cref="Ablate"/>'s (the same prompts for every setting).</summary>
    public IReadOnlyList<IReadOnlyList<int>> AlsoAblate { get; init; } = [];

    /// <summary>Feature to steer along (one setting per <see cref="Alphas"/> value).</summary>
    public int? Steer { get; init; }

    /// <summary>Steering strengths α in the feature's activation units (α·W_dec[f], raw decoder row).</summary>
    public IReadOnlyList<double> Alphas { get; init; } = [];

    /// <summary>An organism folder (corpus/ and assistant/); null with no corpus and no prompt: the shipped organism.</summary>
    public string? Organism { get; init; }

    /// <summary>A chat corpus (JSONL) whose conversations give the prompts, and whose documents give the CE text.</summary>
    public string? Corpus { get; init; }

    /// <summary>One user message to answer, instead of a corpus's conversations.</summary>
    public string? Prompt { get; init; }

    /// <summary>Chat template name for a non-organism model; null: guessed from the model directory.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Generations shown (per setting, the same prompts).</summary>
    public int Samples { get; init; } = 3;

    /// <summary>For organisms: held-out chats of each kind (triggered, untriggered) whose motive rate is measured.</summary>
    public int Chats { get; init; } = 50;

    /// <summary>Documents of ordinary text for the cross-entropy cost.</summary>
    public int CeDocuments { get; init; } = 40;

    public int MaxNewTokens { get; init; } = 96;

    /// <summary>0: greedy; above 0, seeded sampling.</summary>
    public double Temperature { get; init; }

    public int Seed { get; init; }

    /// <summary>Torch CPU threads.</summary>
    public int Threads { get; init; } = 1;

    /// <exception cref="InvalidOptionException">No intervention, a bad size, or more than one prompt source.</exception>
    public void Validate()
    {
        if (Ablate.Count == 0 && Steer is null)
            throw new InvalidOptionException(nameof(Ablate), "name features to ablate or a feature to steer");
        if (Steer is not null && Alphas.Count == 0)
            throw new InvalidOptionException(nameof(Alphas), "steering needs at least one α");
        if (Steer is null && Alphas.Count > 0)
            throw new InvalidOptionException(nameof(Steer), "α values need a feature to steer");
        if (Ablate.Concat(AlsoAblate.SelectMany(set => set)).Concat(Steer is int s ? [s] : []).Any(f => f < 0))
            throw new InvalidOptionException(Steer is int t && t < 0 ? nameof(Steer) : nameof(Ablate), "feature ids are ≥ 0");
        if (Alphas.Any(a => !double.IsFinite(a))) throw new InvalidOptionException(nameof(Alphas), "α must be finite");
        if ((Organism is not null ? 1 : 0) + (Corpus is not null ? 1 : 0) + (Prompt is not null ? 1 : 0) > 1)
            throw new InvalidOptionException(nameof(Prompt), "give at most one of an organism, a corpus and a prompt");
        if (Prompt is { Length: 0 }) throw new InvalidOptionException(nameof(Prompt), "the prompt is empty");
        if (Samples < 0) throw new InvalidOptionException(nameof(Samples), "samples must be ≥ 0");
        if (Chats < 0) throw new InvalidOptionException(nameof(Chats), "chats must be ≥ 0");
        if (CeDocuments < 1) throw new InvalidOptionException(nameof(CeDocuments), "the CE cost needs at least one document");
        if (MaxNewTokens < 1) throw new InvalidOptionException(nameof(MaxNewTokens), "generate at least one token");
        if (!(Temperature >= 0) || double.IsInfinity(Temperature)) throw new InvalidOptionException(nameof(Temperature), "temperature must be finite and ≥ 0");
        if (Threads < 1) throw new InvalidOptionException(nameof(Threads), "threads must be ≥ 1");
    }

    /// <summary>The settings compared, baseline (the unspliced model) first: the ablation, then one steering per α.</summary>
    public IReadOnlyList<InterventionSetting> Settings()
    {
        var settings = new List<InterventionSetting> { InterventionSetting.Baseline };
        if (Ablate.Count > 0) settings.Add(InterventionSetting.Ablation(Ablate));
        foreach (var set in AlsoAblate.Where(set => set.Count > 0))
        {
            var setting = InterventionSetting.Ablation(set);
            if (settings.All(s => s.Name != setting.Name)) settings.Add(setting);
        }
        if (Steer is int f)
            foreach (double alpha in Alphas) settings.Add(InterventionSetting.For(SpliceEdit.Steering(f, alpha)));
        return settings;
    }
}
