using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ShoggothLens.Sae.Backends.Ilgpu.Device;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Tests.Ilgpu;

/// <summary>
/// Every kernel compiled to PTX for a Hopper card, in the context the CUDA device uses, without a GPU.
/// The CPU accelerator runs kernels as .NET code, so a kernel that only the PTX backend rejects (a math call
/// with no intrinsic, say) passes every other test here and fails on the first GPU call: that happened on an
/// H200 in 2026-12 (JumpReLU's MathF.Exp, and every architecture with it, since the table loads all kernels).
/// </summary>
public class IlgpuPtxCompileTests
{
    static IEnumerable<MethodInfo> KernelMethods() =>
        typeof(IlgpuKernelTable).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(IlgpuKernelTable).Namespace && t.Name.StartsWith("Ilgpu") && t.Name.EndsWith("Kernels"))
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void) && m.GetParameters().Length > 0 && m.GetParameters().All(p => p.ParameterType.IsValueType));

    [Fact]
    public void Every_kernel_the_table_loads_compiles_to_ptx_for_sm_90()
    {
        var kernels = KernelMethods().ToList();
        // One kernel method per delegate the table holds, so a kernel added there is compiled here too.
        int tableEntries = typeof(IlgpuKernelTable).GetFields().Count(f => typeof(Delegate).IsAssignableFrom(f.FieldType));
        Assert.Equal(tableEntries, kernels.Count);

        using var context = IlgpuDevice.CreateCudaContext();
        var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, null!);
        var failures = new List<string>();
        foreach (var kernel in kernels)
        {
            var first = kernel.GetParameters()[0].ParameterType;
            var entry = first == typeof(Index1D) || first == typeof(Index2D)
                ? EntryPointDescription.FromImplicitlyGroupedKernel(kernel)
                : EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
            try
            {
                var compiled = backend.Compile(entry, default);
                Assert.Contains(".entry", ((PTXCompiledKernel)compiled).PTXAssembly);
            }
            catch (Exception e)
            {
                failures.Add($"{kernel.DeclaringType!.Name}.{kernel.Name}: {(e.InnerException ?? e).Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
