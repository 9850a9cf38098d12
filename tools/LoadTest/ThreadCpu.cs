using System.Runtime.InteropServices;

namespace ShoggothLens.LoadTest;

/// <summary>
/// CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>), so the client's own work is
/// counted in CPU seconds, not in wall time that includes waiting for a core the server holds.
/// </summary>
public static class ThreadCpu
{
    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    const int ThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID

    /// <summary>Nanoseconds of CPU this thread has used (0 where the clock is not there).</summary>
    public static long Nanoseconds() => OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;
}

/// <summary>
/// The load client's own CPU in this process (the server shares it): batch parsing and applying, page checks, the
/// views it expects. Measured in thread CPU time so waiting for a core is not counted.
/// </summary>
public static class ClientCpu
{
    static long _nanoseconds;

    public static long Nanoseconds => Interlocked.Read(ref _nanoseconds);

    /// <summary>The calling thread's CPU clock now; hand it to <see cref="Stop"/> when the client's work ends.</summary>
    public static long Start() => ThreadCpu.Nanoseconds();

    public static void Stop(long start) => Interlocked.Add(ref _nanoseconds, ThreadCpu.Nanoseconds() - start);
}
