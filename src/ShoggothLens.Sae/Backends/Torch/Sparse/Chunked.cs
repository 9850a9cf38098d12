namespace ShoggothLens.Sae.Backends.Torch.Sparse;

/// <summary>
/// Runs work over [0, n) in contiguous chunks, in parallel. The chunk count depends only on n and
/// the total work (never on the thread count), and partial results are kept per chunk and combined
/// in chunk order: every reduction is the same bit for bit however the chunks are scheduled, so a
/// resumed run reproduces an uninterrupted one exactly. Work too small to pay for a thread handoff
/// runs inline as one chunk.
/// </summary>
internal static class Chunked
{
    public const int MaxChunks = 64;
    /// <summary>About this many multiply-adds (or comparisons) per chunk at least.</summary>
    public const long MinWorkPerChunk = 1 << 15;

    public static int Count(int n, long work) =>
        (int)Math.Clamp(work / MinWorkPerChunk, 1, Math.Min(MaxChunks, Math.Max(n, 1)));

    public static (int Start, int End) Range(int n, int chunks, int chunk) =>
        ((int)((long)n * chunk / chunks), (int)((long)n * (chunk + 1) / chunks));

    /// <summary>Calls <paramref name="body"/>(start, end, chunk) for each of <see cref="Count"/>(n, work) chunks.</summary>
    public static void For(int n, long work, Action<int, int, int> body)
    {
        if (n <= 0) return;
        int chunks = Count(n, work);
        if (chunks == 1)
        {
            body(0, n, 0);
            return;
        }
        Parallel.For(0, chunks, c =>
        {
            var (start, end) = Range(n, chunks, c);
            if (end > start) body(start, end, c);
        });
    }
}
