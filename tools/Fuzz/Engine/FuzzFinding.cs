namespace ShoggothLens.Fuzz.Engine;

/// <summary>An input that ended other than in success or a documented refusal within the bounds.</summary>
/// <param name="Kind">The unexpected exception's type, or "slow", "hang", "allocation".</param>
/// <param name="Where">The innermost frame of ours that threw (the signature findings are grouped by).</param>
public sealed record FuzzFinding(string Parser, int Index, string SeedName, string Kind, string Message, string Where,
    IReadOnlyList<MutationKind> Mutations, string? SavedInput)
{
    public override string ToString() =>
        $"{Parser} #{Index} (seed {SeedName}, {string.Join("+", Mutations)}): {Kind}: {Message} at {Where}" + (SavedInput is null ? "" : $" [{SavedInput}]");
}
