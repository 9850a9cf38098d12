using System.Runtime.InteropServices;

namespace ShoggothLens.Sae.Backends.Torch;

/// <summary>
/// libtorch's OpenMP workers spin after every parallel region by default. The sparse TopK step
/// alternates libtorch calls with its own kernels on .NET threads, and on 2 cores the spinning
/// workers starve those threads: a small step measured 17 ms spinning against 0.6 ms passive.
/// OMP_WAIT_POLICY=PASSIVE makes idle workers sleep. libgomp reads it once, when libtorch loads,
/// from the C environment (which Environment.SetEnvironmentVariable does not touch), so this
/// must run before the first tensor is made. A value the user set is kept.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public static void PreferPassive()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null) return;
        SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
