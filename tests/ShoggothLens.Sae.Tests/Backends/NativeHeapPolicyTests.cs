using ShoggothLens.Sae.Backends.Torch;

namespace ShoggothLens.Sae.Tests.Backends;

public class NativeHeapPolicyTests
{
    [Fact]
    public void Glibc_takes_both_heap_settings_unless_the_user_chose_their_own()
    {
        if (!OperatingSystem.IsLinux()) return;
        string? before = Environment.GetEnvironmentVariable("GLIBC_TUNABLES");
        try
        {
            Environment.SetEnvironmentVariable("GLIBC_TUNABLES", null);
            Assert.True(NativeHeapPolicy.KeepFreedMemory()); // the P/Invoke binds and mallopt accepts both values
            Environment.SetEnvironmentVariable("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=131072");
            Assert.False(NativeHeapPolicy.KeepFreedMemory());
        }
        finally { Environment.SetEnvironmentVariable("GLIBC_TUNABLES", before); }
    }
}
