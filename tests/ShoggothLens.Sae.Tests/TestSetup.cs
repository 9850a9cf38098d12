using System.Runtime.CompilerServices;
using ShoggothLens.Sae.Backends.Torch;

namespace ShoggothLens.Sae.Tests;

internal static class TestSetup
{
    /// <summary>Before any test touches libtorch: idle OpenMP workers sleep instead of starving the CPU kernels.</summary>
    [ModuleInitializer]
    internal static void Initialize() => OpenMpWaitPolicy.PreferPassive();
}
