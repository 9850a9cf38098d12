#!/usr/bin/env bash
# Every GPU check in one device call. On an H200 (2026-12-04) it ran past 600 s and stopped in run.sh's last
# step (FVE; the anchor now runs before it): with a 15-minute session budget, run it once and expect to lose FVE.
#   run(command="bash tools/gpu-check/all.sh", carry=["tools/gpu-check/publish.tar.xz"], timeout_s=580)
# First the architectures whose GPU path has the least evidence (ReLU-L1, JumpReLU, BatchTopK), then the
# TopK check with the PyTorch anchor and the table (run.sh). Everything lands in $OUT (8 files at most come back).
cd "$(dirname "$0")/../.."
bash tools/gpu-check/architectures.sh 2>&1 | tee "${OUT:-.}/log.txt"
bash tools/gpu-check/run.sh 2>&1 | tee -a "${OUT:-.}/log.txt"
