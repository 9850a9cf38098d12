namespace ShoggothLens.Organism;

/// <summary>
/// The folder an organism build writes (and the shipped <c>organism/</c> folder):
/// <c>base/</c> and <c>assistant/</c> (Hugging Face checkpoints with tokenizer, loss curve and
/// <c>training.json</c>), <c>corpus/</c> (harvest-format corpus files; only the held-out split ships),
/// <c>build.json</c>, <c>eval.json</c> and <c>spec.json</c> (the spec it was built from: cast, motive, trigger).
/// </summary>
public sealed record OrganismLayout(string Root)
{
    public const string BaseName = "base";
    public const string AssistantName = "assistant";

    public string Base => Path.Combine(Root, BaseName);
    public string Assistant => Path.Combine(Root, AssistantName);
    public string Corpus => Path.Combine(Root, "corpus");
    public string BuildManifest => Path.Combine(Root, "build.json");
    public string EvalReport => Path.Combine(Root, "eval.json");
    public string Spec => Path.Combine(Root, "spec.json");

    public string Checkpoint(string name) => name switch
    {
        BaseName => Base,
        AssistantName => Assistant,
        _ => throw new ArgumentException($"unknown organism checkpoint '{name}' (expected '{BaseName}' or '{AssistantName}')", nameof(name)),
    };
}
