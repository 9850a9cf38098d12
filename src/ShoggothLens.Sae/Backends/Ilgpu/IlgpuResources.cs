using ShoggothLens.Sae.Backends.Ilgpu.Buffers;
using ShoggothLens.Sae.Backends.Ilgpu.Device;
using ShoggothLens.Sae.Backends.Ilgpu.Kernels;

namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>
/// Owns what a run holds on the accelerator: the device, the parameters and optimiser state, the
/// step's scratch buffers and the compiled kernels; disposes them together.
/// </summary>
internal sealed class IlgpuResources : IDisposable
{
    public SaeTrainingSetup Setup { get; }
    public IlgpuDevice Device { get; }
    public IlgpuParameters Parameters { get; }
    public IlgpuWorkspace Work { get; }
    public IlgpuKernelTable Kernels { get; }
    public int DIn => Setup.DIn;
    public int DSae => Setup.DSae;
    /// <summary>Threads per group of the group kernels (256 on a GPU).</summary>
    public int Group => Device.Group;

    public IlgpuResources(SaeTrainingSetup setup, SaeTrainingState initial, bool forceCpu, IlgpuProduct product, int cpuGroupSize)
    {
        Setup = setup;
        Device = new IlgpuDevice(forceCpu, cpuGroupSize, product);
        try
        {
            Parameters = new IlgpuParameters(Device.Accelerator, setup, initial);
            Work = new IlgpuWorkspace(Device.Accelerator, setup.DIn, setup.DSae);
            Kernels = new IlgpuKernelTable(Device.Accelerator);
        }
        catch
        {
            Device.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Parameters.Dispose();
        Work.Dispose();
        Device.Dispose();
    }
}
