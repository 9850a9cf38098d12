namespace ShoggothLens.Workbench.Intervene;

/// <summary>One generated reply under one setting.</summary>
public sealed record SampleReply(string Setting, string Text, bool? Motive);

/// <summary>
/// One prompt's replies under every setting. <see cref="Triggered"/> is the organism's ground truth, shown beside the
/// result (null outside organisms); <see cref="SampleReply.Motive"/> is its motive detector's verdict on the reply.
/// </summary>
public sealed record InterventionSample(string Id, string UserText, bool? Triggered, IReadOnlyList<SampleReply> Replies);
