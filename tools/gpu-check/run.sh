#!/usr/bin/env bash
# Run on a lent GPU machine (no .NET there), in one call, from the repository root:
#   run(command="bash tools/gpu-check/run.sh", carry=["tools/gpu-check/publish.tar.xz"], timeout_s=540)
# 1. correctness: the ILGPU TopK step on CUDA against the same kernels on ILGPU's CPU accelerator
#    (which tests/ShoggothLens.Sae.Tests/Ilgpu hold to the Torch sparse step) at a mid size;
# 2. the PyTorch peer anchor (../shared/reference/pytorch_topk_sae_bench.py) on the same card;
# 3. the ILGPU step at 768/24576/32 and 2304/65536/64, batch 4096;
# then one table. Raw JSON lines go to $OUT (or ./gpu-check-out).
set -uo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:-$PWD/gpu-check-out}"
mkdir -p "$out"
work=$(mktemp -d)
tar -C "$work" -xJf tools/gpu-check/publish.tar.xz
exe="$work/publish/shoggoth"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

# ILGPU asks the loader for libcuda.so; CUDA 13 machines may have only libcuda.so.1.
libs="$work/libs"
mkdir -p "$libs"
cuda1=$(ldconfig -p | awk '/libcuda\.so\.1 /{print $NF; exit}')
[ -n "$cuda1" ] && ln -sf "$cuda1" "$libs/libcuda.so"
export LD_LIBRARY_PATH="$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader | tee "$out/device.txt"

echo "== correctness (CUDA vs ILGPU CPU accelerator; tiled-GEMM kernel, then cuBLAS fp32)"
: > "$out/compare.json"
for product in kernel cublas-fp32; do
  "$exe" gpu-check compare --reference ilgpu-cpu --product "$product" --d-in 256 --width 4096 --k 32 --batch 256 --steps 3 --dead 200 \
    | tee -a "$out/compare.json"
done

echo "== PyTorch reference"
ref=../shared/reference/pytorch_topk_sae_bench.py
[ -f "$ref" ] || ref=shared/reference/pytorch_topk_sae_bench.py
OUT="$out" python3 "$ref" > "$out/torch.jsonl" 2> "$out/torch.err" || echo "pytorch bench failed: see $out/torch.err"

echo "== ILGPU"
: > "$out/ilgpu.jsonl"
for product in kernel cublas-fp32 cublas-tf32; do
  "$exe" gpu-check bench --product "$product" --d-in 768 --width 24576 --k 32 --batch 4096 --seconds 3 | tee -a "$out/ilgpu.jsonl"
  "$exe" gpu-check bench --product "$product" --d-in 2304 --width 65536 --k 64 --batch 4096 --seconds 3 | tee -a "$out/ilgpu.jsonl"
done

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
def lines(name):
    p = os.path.join(out, name)
    if not os.path.exists(p): return []
    return [json.loads(l) for l in open(p) if l.strip().startswith('{')]
torch = lines('torch.jsonl'); ilgpu = lines('ilgpu.jsonl'); cmp_ = lines('compare.json')
for c in cmp_:
    print(f"correctness [{c['product']}] {c['d_in']}/{c['width']}/{c['k']} batch {c['batch']}, {c['steps']} steps on {c['device']}: "
          f"loss rel diff {c['max_loss_rel_diff']:.2e}, weights rel diff {c['max_weight_rel_diff']:.2e} ({c['worst_tensor']}), "
          f"fired-count mismatch {c['fired_count_mismatch']}: {'OK' if c['ok'] else 'FAIL'}")
print()
print("| d_in | d_sae | k | torch fp32 dense | torch fp32 sparse | torch TF32 dense | torch TF32 sparse | torch bf16 sparse | ILGPU kernel fp32 | ILGPU cuBLAS fp32 | ILGPU cuBLAS TF32 |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for d, w, k in [(768, 24576, 32), (2304, 65536, 64)]:
    def t(mode, dec):
        r = [x for x in torch if x.get('d_in') == d and x.get('d_sae') == w and x.get('mode') == mode and x.get('decoder') == dec]
        return f"{r[0]['tokens_per_s']/1000:.0f}k" if r else "-"
    def g(product):
        r = [x for x in ilgpu if x.get('d_in') == d and x.get('width') == w and x.get('product') == product]
        return f"{r[0]['tokens_per_s']/1000:.1f}k ({r[0]['ms_per_step']:.1f} ms)" if r else "-"
    print(f"| {d} | {w} | {k} | {t('fp32','dense')} | {t('fp32','sparse')} | {t('tf32','dense')} | {t('tf32','sparse')} | {t('bf16','sparse')} "
          f"| {g('ilgpu tiled GEMM (fp32)')} | {g('cuBLAS fp32')} | {g('cuBLAS TF32')} |")
PY
rm -rf "$work"
