using ShoggothLens.Core.Formats;

namespace ShoggothLens.Fuzz.Engine;

/// <summary>
/// One parser of untrusted bytes: its seeds, how a folder of (mutated) files is parsed, and which exceptions are its
/// documented refusals. Anything else it throws, a parse slower than the time bound, or more allocation than
/// <see cref="AllocationBound"/> is a finding.
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name given to <c>--parser</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What is parsed, for the report.</summary>
    public abstract string Description { get; }

    public abstract IReadOnlyList<FuzzSeed> Seeds(SeedSources sources);

    /// <summary>Puts the mutated bytes in place: by default over the seed's mutable file.</summary>
    public virtual void Prepare(string folder, FuzzSeed seed, byte[] mutated) => File.WriteAllBytes(Path.Combine(folder, seed.Mutable), mutated);

    /// <summary>Parses everything <paramref name="folder"/> holds the way the pipeline would (every record, every tensor).</summary>
    public abstract void Parse(string folder, FuzzSeed seed);

    /// <summary>The typed refusal every reader documents: a file named with its problem (the CLI exits 2).</summary>
    public virtual bool IsDocumentedRefusal(Exception e) => e is InvalidInputFileException;

    /// <summary>Managed bytes one parse may allocate: 64 MiB plus 16 bytes per input byte.</summary>
    public virtual long AllocationBound(long inputBytes) => (64L << 20) + 16 * inputBytes;
}
