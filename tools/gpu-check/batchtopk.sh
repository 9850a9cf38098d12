#!/usr/bin/env bash
# The BatchTopK step on a lent GPU machine, in one short call (same carry as run.sh):
# correctness against the same kernels on ILGPU's CPU accelerator (small: its ordered per-row
# collection is barrier-heavy there), then tokens/s at both shapes.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/gpu-check/setup.sh
timeout 100 "$exe" gpu-check compare --arch batchtopk --reference ilgpu-cpu --product cublas-fp32 --d-in 128 --width 1024 --k 16 --batch 64 --steps 2 --dead 100 2>&1 | tee -a "$out/batchtopk.jsonl"
timeout 60 "$exe" gpu-check bench --arch batchtopk --product cublas-tf32 --d-in 768 --width 24576 --k 32 --batch 4096 --seconds 2 2>&1 | tee -a "$out/batchtopk.jsonl"
timeout 60 "$exe" gpu-check bench --arch batchtopk --product cublas-tf32 --d-in 2304 --width 65536 --k 64 --batch 4096 --seconds 2 2>&1 | tee -a "$out/batchtopk.jsonl"
rm -rf "$work"
