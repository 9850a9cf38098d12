#!/usr/bin/env bash
# Run HERE (the dev machine, which has .NET): a self-contained publish of the CLI for the GPU
# machine (which has none), without libtorch's natives (~500 MB; the GPU check compares the CUDA
# kernels against the same kernels on ILGPU's CPU accelerator, which CI holds to the Torch path),
# packed as tools/gpu-check/publish.tar.xz so it fits the 64 MiB a device call may carry.
# Both tools/gpu-check/publish/ and publish.tar.xz are ignored by git.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=tools/gpu-check/publish
rm -rf "$out" tools/gpu-check/publish.tar.xz
dotnet publish src/ShoggothLens.Cli -c Release -r linux-x64 --self-contained -o "$out" -p:DebugType=none
# libtorch and friends are only loaded when a Torch tensor is made; the gpu-check commands make none
# with --reference ilgpu-cpu.
find "$out" -maxdepth 1 \( -name 'libtorch*' -o -name 'libc10*' -o -name 'libgomp*' -o -name 'libLibTorchSharp*' -o -name 'libbackend_with_compiler*' -o -name 'libjitbackend_test*' -o -name 'libnnapi_backend*' -o -name 'libshm*' -o -name 'libtorchbind_test*' -o -name 'libaoti_custom_ops*' \) -delete
rm -rf "$out/runtimes" "$out/cpu"
# The PyTorch anchor lives in ../shared, which a device call does not carry: a copy rides in the tarball.
ref=../shared/reference/pytorch_topk_sae_bench.py
[ -f "$ref" ] && cp "$ref" "$out/"
tar -C tools/gpu-check -cJf tools/gpu-check/publish.tar.xz publish
du -sh "$out" tools/gpu-check/publish.tar.xz
