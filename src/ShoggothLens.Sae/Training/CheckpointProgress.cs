namespace ShoggothLens.Sae.Training;

/// <summary>Where a run stood at a checkpoint, besides the tensors: everything a resume must restore exactly.</summary>
public sealed record CheckpointProgress(
    long Step,
    long Tokens,
    float Scale,
    ulong RngState,
    string DataPosition,
    string OptionsFingerprint);
