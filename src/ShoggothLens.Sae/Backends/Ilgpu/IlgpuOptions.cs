namespace ShoggothLens.Sae.Backends.Ilgpu;

/// <summary>
/// How <see cref="SaeBackends"/> builds an <see cref="IlgpuSaeBackend"/>: the accelerator, the encoder
/// product and the CPU accelerator's group size (train uses the defaults; gpu-check and tests set them).
/// </summary>
/// <param name="ForceCpu">ILGPU's CPU accelerator even when a CUDA device is present.</param>
/// <param name="Product">How the dense encoder product is computed (cuBLAS needs CUDA).</param>
/// <param name="CpuGroupSize">Threads per group on the CPU accelerator: 16 or 256.</param>
public sealed record IlgpuOptions(bool ForceCpu = false, IlgpuProduct Product = IlgpuProduct.Auto, int CpuGroupSize = 16);
