namespace ShoggothLens.TestKit.WebCatalogs;

/// <summary>What <see cref="SyntheticCatalog"/> writes.</summary>
/// <param name="Features">Feature count.</param>
/// <param name="Personas">Persona names (each gets a Persona(name) role and a persona vector).</param>
/// <param name="Seed">Everything is a function of the seed and the options.</param>
/// <param name="CandidateEvery">Feature f is a hidden-motive candidate when f % CandidateEvery == 1 (0: none).</param>
/// <param name="PunctuationEvery">Feature f is punctuation-like when f % PunctuationEvery == 3 (0: none): outside-role, firing in Assistant
/// turns above the floor (an outside-role leak) but alike in every persona and narration, so it has no specific home and is no candidate.</param>
/// <param name="DeadEvery">Feature f never fires when f % DeadEvery == DeadEvery − 1 (0: none).</param>
/// <param name="HostileEvery">Contexts of feature f hold script/img/javascript: tokens when f % HostileEvery == 0 (0: none).</param>
/// <param name="Contexts">Top contexts per live feature.</param>
/// <param name="ContextTokens">Tokens per context window.</param>
/// <param name="WithLogits">Write logit effects.</param>
/// <param name="WithPersonaVectors">Write persona-vectors.json.</param>
/// <param name="WithModelDiff">Write model-diff.json.</param>
public sealed record SyntheticCatalogOptions(
    int Features = 200,
    IReadOnlyList<string>? Personas = null,
    int Seed = 7,
    int CandidateEvery = 10,
    int PunctuationEvery = 0,
    int DeadEvery = 25,
    int HostileEvery = 7,
    int Contexts = 6,
    int ContextTokens = 18,
    bool WithLogits = true,
    bool WithPersonaVectors = true,
    bool WithModelDiff = true)
{
    public IReadOnlyList<string> PersonaNames => Personas ?? SyntheticCatalog.DefaultPersonas;
}
