#!/usr/bin/env bash
# Run on a lent GPU machine (no .NET there), in one call, from the repository root:
#   run(command="bash tools/gpu-check/run.sh", carry=["tools/gpu-check/publish.tar.xz"], timeout_s=540)
# 1. correctness: the ILGPU TopK step on CUDA against the same kernels on ILGPU's CPU accelerator
#    (which tests/ShoggothLens.Sae.Tests/Ilgpu hold to the Torch sparse step) at a mid size;
# 2. the PyTorch peer anchor (../shared/reference/pytorch_topk_sae_bench.py) on the same card;
# 3. the ILGPU step at 768/24576/32 and 2304/65536/64, batch 4096, with a phase breakdown;
# (GPU_CHECK_KERNEL=1 adds the ILGPU tiled-GEMM product: slow, measured once)
# 4. held-out FVE after 100 steps on synthetic data (compare with `gpu-check fve --backend torch` on the CPU;
#    last, since the anchor matters more when a call runs out of time);
# then one table. Raw JSON lines go to $OUT (or ./gpu-check-out). BatchTopK: architectures.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tools/gpu-check/setup.sh

echo "== correctness (CUDA vs ILGPU CPU accelerator): cuBLAS fp32 with clipping (two-pass) and without (fused gradient+Adam)"
: > "$out/compare.json"
for clip in 1 0; do
  timeout 150 "$exe" gpu-check compare --reference ilgpu-cpu --product cublas-fp32 --clip $clip --d-in 256 --width 4096 --k 32 --batch 256 --steps 3 --dead 200 \
    2>&1 | tee -a "$out/compare.json"
done
if [ "${GPU_CHECK_KERNEL:-0}" = 1 ]; then
  timeout 150 "$exe" gpu-check compare --reference ilgpu-cpu --product kernel --d-in 256 --width 4096 --k 32 --batch 256 --steps 3 --dead 200 2>&1 | tee -a "$out/compare.json"
fi

echo "== ILGPU (clip 0 matches the PyTorch anchor, which does not clip; clip 1 is the trainer's default)"
: > "$out/ilgpu.jsonl"
runs="cublas-tf32:0:--upload cublas-tf32:1: cublas-fp32:0:"
[ "${GPU_CHECK_KERNEL:-0}" = 1 ] && runs="$runs kernel:0:"
for shape in "768 24576 32" "2304 65536 64"; do
  set -- $shape
  for r in $runs; do
    IFS=: read -r product clip up <<< "$r"
    timeout 120 "$exe" gpu-check bench --product "$product" --clip "$clip" --d-in $1 --width $2 --k $3 --batch 4096 --seconds 3 $up 2>&1 | tee -a "$out/ilgpu.jsonl"
  done
done

echo "== PyTorch reference"
ref=../shared/reference/pytorch_topk_sae_bench.py
[ -f "$ref" ] || ref=shared/reference/pytorch_topk_sae_bench.py
[ -f "$ref" ] || ref="$work/publish/pytorch_topk_sae_bench.py"
PYTHONUNBUFFERED=1 OUT="$out" timeout 240 python3 "$ref" > "$out/torch.jsonl" 2> "$out/torch.err" || echo "pytorch bench failed: see $out/torch.err"
cat "$out/torch.jsonl"

echo "== FVE after 100 steps (ILGPU cuBLAS TF32; compare with gpu-check fve --backend torch on the CPU)"
: > "$out/fve.jsonl"
for clip in 1 0; do
  timeout 120 "$exe" gpu-check fve --backend ilgpu --product cublas-tf32 --clip $clip --d-in 768 --width 24576 --k 32 --batch 4096 --steps 100 2>&1 | tee -a "$out/fve.jsonl"
done

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
def lines(name):
    p = os.path.join(out, name)
    if not os.path.exists(p): return []
    res = []
    for l in open(p):
        l = l.strip()
        if l.startswith('{'):
            try: res.append(json.loads(l))
            except Exception: pass
    return res
torch = lines('torch.jsonl'); ilgpu = lines('ilgpu.jsonl'); cmp_ = lines('compare.json')
for c in cmp_:
    print(f"correctness [{c['product']}, clip {c.get('clip')}] {c['d_in']}/{c['width']}/{c['k']} batch {c['batch']}, {c['steps']} steps on {c['device']}: "
          f"loss rel diff {c['max_loss_rel_diff']:.2e}, weights rel diff {c['max_weight_rel_diff']:.2e} ({c['worst_tensor']}), "
          f"fired-count mismatch {c['fired_count_mismatch']}: {'OK' if c['ok'] else 'FAIL'}")
for f in lines('fve.jsonl'): print(f"FVE: {f}")
print()
print("| d_in | d_sae | k | torch fp32 dense | torch fp32 sparse | torch TF32 dense | torch TF32 sparse | torch bf16 sparse | ILGPU kernel fp32 | ILGPU cuBLAS fp32 | ILGPU cuBLAS TF32 | ILGPU TF32, clip 1 | ILGPU TF32, host upload |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for d, w, k in [(768, 24576, 32), (2304, 65536, 64)]:
    def t(mode, dec):
        r = [x for x in torch if x.get('d_in') == d and x.get('d_sae') == w and x.get('mode') == mode and x.get('decoder') == dec]
        return f"{r[0]['tokens_per_s']/1000:.0f}k" if r else "-"
    def g(product, clip=0, key='tokens_per_s', ms='ms_per_step'):
        r = [x for x in ilgpu if x.get('d_in') == d and x.get('width') == w and x.get('product') == product and x.get('clip') == clip and key in x]
        return f"{r[0][key]/1000:.1f}k ({r[0][ms]:.2f} ms)" if r else "-"
    print(f"| {d} | {w} | {k} | {t('fp32','dense')} | {t('fp32','sparse')} | {t('tf32','dense')} | {t('tf32','sparse')} | {t('bf16','sparse')} "
          f"| {g('ilgpu tiled GEMM (fp32)')} | {g('cuBLAS fp32')} | {g('cuBLAS TF32')} | {g('cuBLAS TF32', 1)} | {g('cuBLAS TF32', 0, 'upload_tokens_per_s', 'upload_ms_per_step')} |")
print()
for x in ilgpu:
    if 'phase_ms' in x:
        print(f"phases {x['d_in']}/{x['width']}/{x['k']} {x['product']} clip {x.get('clip')}: " + ", ".join(f"{k} {v:.3f}" for k, v in x['phase_ms'].items()))
PY
rm -rf "$work"
