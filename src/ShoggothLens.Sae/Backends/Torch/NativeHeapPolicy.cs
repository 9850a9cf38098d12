using System.Runtime.InteropServices;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// glibc hands every freed block above its mmap threshold (128 KB at first, raised as it sees larger blocks) straight
/// back to the kernel, and trims the heap's top once 128 KB of it are free. libtorch allocates and frees tensors of
/// hundreds of KB to MB on every step of generation, harvest and training, so each new tensor's pages were faulted in
/// and zeroed by the kernel again: the default demo took 3.4 million page faults and 32–37 s of system time on 2 cores.
/// Serving those blocks from the heap and never trimming it keeps freed memory in the process for the next tensor:
/// 1.4 million faults, 19–24 s (tools/BENCHMARKS.md, "Native heap"). The cost is that the process keeps its high-water
/// mark of native memory (the demo's peak is about 2.4 GB either way). mallopt takes effect for later allocations, so
/// this runs first thing; a value the user set through MALLOC_*_ or GLIBC_TUNABLES is kept.
/// </summary>
public static partial class NativeHeapPolicy
{
    const int MTrimThreshold = -1, MMmapThreshold = -3;

    /// <summary>Blocks up to this size come from the heap, not from their own mapping.</summary>
    public const int MmapThreshold = 1 << 30;

    /// <returns>Whether glibc took both settings (false off Linux/glibc or where the user chose their own).</returns>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || UserChose()) return false;
        try
        {
            return MallOpt(MMmapThreshold, MmapThreshold) == 1 & MallOpt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false; // not glibc
        }
    }

    static bool UserChose() =>
        Environment.GetEnvironmentVariable("GLIBC_TUNABLES") is not null
        || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null
        || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
