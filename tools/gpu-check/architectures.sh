#!/usr/bin/env bash
# The other architectures on a lent GPU machine, in one call (same carry as run.sh):
#   run(command="bash tools/gpu-check/architectures.sh 2>&1 | tee $OUT/log.txt", carry=["tools/gpu-check/publish.tar.xz"], timeout_s=400)
# For each of BatchTopK, ReLU-L1 and JumpReLU (or the ones named in GPU_CHECK_ARCHS): correctness
# against the same kernels on ILGPU's CPU accelerator (small: the ordered per-row collection is
# barrier-heavy there), then tokens/s at both shapes of run.sh (TF32, no clipping). ReLU and JumpReLU
# start with about half their latents active, so their first steps are far denser than trained ones.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/gpu-check/setup.sh
# Tolerance: ReLU and JumpReLU gradients are dense, so many entries sum to nearly zero; Adam's first
# step moves a weight by lr·g/(|g| + 1e-8), which turns 1e-9 of summation-order rounding into about
# 1e-4 of the weight scale (measured on the CPU: 2e-4 against Torch and 1.5e-4 between two CPU-accelerator
# runs at this size, with identical losses to 1e-8 and identical firing counts). TopK-style steps stay under 1e-5.
for arch in ${GPU_CHECK_ARCHS:-relu jumprelu batchtopk}; do
  echo "== $arch"
  tol=1e-4; [ "$arch" = relu ] || [ "$arch" = jumprelu ] && tol=1e-3
  timeout 100 "$exe" gpu-check compare --arch "$arch" --reference ilgpu-cpu --product cublas-fp32 --tolerance $tol --d-in 128 --width 1024 --k 16 --batch 64 --steps 2 --dead 100 2>&1 | tee -a "$out/architectures.jsonl"
  timeout 60 "$exe" gpu-check bench --arch "$arch" --product cublas-tf32 --d-in 768 --width 24576 --k 32 --batch 4096 --seconds 2 2>&1 | tee -a "$out/architectures.jsonl"
  timeout 90 "$exe" gpu-check bench --arch "$arch" --product cublas-tf32 --d-in 2304 --width 65536 --k 64 --batch 4096 --seconds 2 2>&1 | tee -a "$out/architectures.jsonl"
done
rm -rf "$work"
