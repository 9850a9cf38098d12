namespace ShoggothLens.Sae.Training;

/// <summary>
/// The trainer's input: an endless, seeded stream of activation rows [batch, d_in] (float32),
/// drawn so that each epoch visits every token once, with a position that a checkpoint stores
/// and a resumed run restores, so it sees exactly the batches an uninterrupted run would.
/// </summary>
public interface IActivationBatches
{
    int DIn { get; }

    /// <summary>Tokens in one epoch (for messages; the stream itself never ends).</summary>
    long TokensPerEpoch { get; }

    /// <summary>Fills <paramref name="destination"/> (batchSize · d_in values) with the next rows.</summary>
    void Next(Span<float> destination, int batchSize);

    /// <summary>An opaque text (JSON) describing where the stream is.</summary>
    string SavePosition();

    /// <summary>Returns the stream to a position <see cref="SavePosition"/> gave; throws <see cref="FormatException"/> for anything else.</summary>
    void RestorePosition(string position);
}
