using ILGPU;
using ILGPU.Runtime;

namespace ShoggothLens.Sae.Backends.Ilgpu.Kernels;

/// <summary>
/// The dense kernels of the step: centring, and the encoder product without cuBLAS (a shared-memory
/// tiled GEMM on a GPU, one thread per output on the CPU accelerator).
/// </summary>
internal static class IlgpuDenseKernels
{
    /// <summary>Tile edge of the shared-memory GEMM; a group is Tile×Tile = 256 threads.</summary>
    public const int Tile = 16;

    /// <summary>xc = x − b_dec (or a copy of x), element-wise over [rows, d_in].</summary>
    public static void Center(Index1D i, ArrayView<float> x, ArrayView<float> bDec, ArrayView<float> xc, int dIn, int center)
    {
        xc[i] = center != 0 ? x[i] - bDec[i % dIn] : x[i];
    }

    /// <summary>C[m, n] = Σ_k A[m, k]·B[n, k], one thread per output: the product on ILGPU's CPU accelerator, whose groups are too small for the tiles.</summary>
    public static void GemmNTSimple(Index2D ix, ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int kDim)
    {
        int col = ix.X, row = ix.Y;
        float acc = 0f;
        for (int l = 0; l < kDim; l++) acc += a[row * kDim + l] * b[col * kDim + l];
        c[row * n + col] = acc;
    }

    /// <summary>
    /// C[m, n] = Σ_k A[m, k]·B[n, k] (A·Bᵀ, both row-major with k contiguous), tiled through shared
    /// memory: each Tile×Tile group loads one tile of A and one of B per k-step.
    /// Launch with grid ((n+T−1)/T, (m+T−1)/T) and group (T, T).
    /// </summary>
    public static void GemmNT(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int kDim)
    {
        var ta = SharedMemory.Allocate<float>(Tile * Tile);
        var tb = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int row = Grid.IdxY * Tile + ty;
        int col = Grid.IdxX * Tile + tx;
        int bRow = Grid.IdxX * Tile + ty;
        float acc = 0f;
        for (int t0 = 0; t0 < kDim; t0 += Tile)
        {
            int kk = t0 + tx;
            ta[ty * Tile + tx] = row < m && kk < kDim ? a[row * kDim + kk] : 0f;
            tb[ty * Tile + tx] = bRow < n && kk < kDim ? b[bRow * kDim + kk] : 0f;
            Group.Barrier();
            for (int l = 0; l < Tile; l++) acc += ta[ty * Tile + l] * tb[tx * Tile + l];
            Group.Barrier();
        }
        if (row < m && col < n) c[row * n + col] = acc;
    }
}
