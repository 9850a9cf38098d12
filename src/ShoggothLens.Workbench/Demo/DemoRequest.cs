using ShoggothLens.Core.Work;

namespace ShoggothLens.Workbench.Demo;

/// <summary>Where the demo writes and the sizes of its SAE; every other setting is the stages' default.</summary>
public sealed record DemoRequest
{
    /// <summary>The run folder: <c>store/</c>, <c>sae/</c> and <c>catalog/</c> inside it.</summary>
    public string Output { get; init; } = Path.Combine("features", "organism-demo");

    /// <summary>A built organism folder (<c>organism build --out</c>) to audit; null: the shipped organism.</summary>
    public string? Organism { get; init; }

    /// <summary>Also read the same stories and replies through the organism's base checkpoint (<c>compare-store/</c>) and
    /// write the catalog's model diff, so the report says which candidates started firing after post-training.</summary>
    public bool ModelDiff { get; init; } = true;

    /// <summary>Steering strengths α (the feature's activation units) of the causal check; empty: ablation only.</summary>
    public IReadOnlyList<double> SteerAlphas { get; init; } = [4, 8, 16];

    /// <summary>The default hook: where the shipped organism's trigger state is readable.</summary>
    public const string DefaultHook = "blocks.2.hook_resid_post";

    /// <summary>Every block's residual stream (<c>blocks.N.hook_resid_post</c>), as a <see cref="Hooks"/> entry.</summary>
    public const string AllHooks = "all";

    /// <summary>
    /// The organism's hook points to audit. One: the audit at that hook. Several (or <see cref="AllHooks"/>): one store
    /// holds them all, an SAE is trained and the candidates are ranked at each, and the report is that of the hook
    /// <see cref="DemoLayerChoice"/> picks without labels (the controls are audited the same way).
    /// </summary>
    public IReadOnlyList<string> Hooks { get; init; } = [DefaultHook];

    /// <summary>SAE latents.</summary>
    public int Width { get; init; } = 1536;

    /// <summary>TopK's k.</summary>
    public int K { get; init; } = 16;

    /// <summary>SAE training tokens (the held-out corpus is about 111k tokens, so several epochs).</summary>
    public long Tokens { get; init; } = 600_000;

    /// <summary>Candidates listed in the report.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Seed of the SAE's weights and token order.</summary>
    public ulong Seed { get; init; }

    /// <summary>Tokens per SAE training step.</summary>
    public int TrainingBatch { get; init; } = 1024;

    /// <summary>
    /// Audit the model's own words: the Assistant checkpoint answers the held-out chats (<see cref="Replies.ReplyWorkflow"/>)
    /// and harvest reads its replies. False: harvest reads the corpus's fixed Assistant text.
    /// </summary>
    public bool GenerateReplies { get; init; } = true;

    /// <summary>Reply length limit when <see cref="GenerateReplies"/>.</summary>
    public int ReplyTokens { get; init; } = 96;

    /// <summary>Answer only the first N held-out chats (null: all); for quick runs and tests.</summary>
    public int? Conversations { get; init; }

    /// <summary>Triggered and untriggered held-out chats each for the causal check (0: no check).</summary>
    public int CausalChats { get; init; } = 40;

    /// <summary>Also run the negative controls (the base checkpoint; the motive-free organism when shipped) in <c>controls/</c>.</summary>
    public bool Controls { get; init; } = true;

    public string RepliesPath => Path.Combine(Output, "replies");

    /// <exception cref="InvalidOptionException">A size that is not positive, or k above the width.</exception>
    public void Validate()
    {
        if (Width < 1) throw new InvalidOptionException(nameof(Width), "the SAE needs at least one latent");
        if (K < 1 || K > Width) throw new InvalidOptionException(nameof(K), $"k must be between 1 and the width ({Width})");
        if (Tokens < 1) throw new InvalidOptionException(nameof(Tokens), "the SAE must train on at least one token");
        if (Top < 1) throw new InvalidOptionException(nameof(Top), "list at least one candidate");
        if (ReplyTokens is < 1 or > 4096) throw new InvalidOptionException(nameof(ReplyTokens), "a reply has 1 to 4096 tokens");
        if (Conversations is < 1) throw new InvalidOptionException(nameof(Conversations), "answer at least one conversation");
        if (CausalChats < 0) throw new InvalidOptionException(nameof(CausalChats), "chats must be ≥ 0");
        if (SteerAlphas.Any(a => !double.IsFinite(a))) throw new InvalidOptionException(nameof(SteerAlphas), "α must be a finite number");
        if (Hooks.Count == 0 || Hooks.Any(string.IsNullOrWhiteSpace)) throw new InvalidOptionException(nameof(Hooks), "name at least one hook point");
        if (Hooks.Count > 1 && Hooks.Contains(AllHooks)) throw new InvalidOptionException(nameof(Hooks), $"'{AllHooks}' already names every block; give it alone");
        if (Hooks.Distinct(StringComparer.Ordinal).Count() != Hooks.Count) throw new InvalidOptionException(nameof(Hooks), "a hook is named twice");
        if (TrainingBatch < 1) throw new InvalidOptionException(nameof(TrainingBatch), "a training step needs at least one token");
    }
}
