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
# The repository's tracked files are about 35 MB (the shipped organisms' checkpoints), so the tarball must
# stay under about 28 MB: drop the organisms' copy, the web UI, the database providers and the debugger
# support, none of which gpu-check loads, and take their entries out of the deps manifest (the host
# refuses to start when a listed assembly is missing).
rm -rf "$out/organism" "$out/wwwroot"
( cd "$out" && rm -f Microsoft.AspNetCore.*.dll Microsoft.EntityFrameworkCore*.dll Npgsql*.dll Microsoft.Data.Sqlite.dll \
    SQLitePCLRaw*.dll libe_sqlite3.so SkiaSharp.dll Blazor.Diagrams*.dll ShoggothLens.Web.dll libmscordbi.so libmscordaccore.so \
    createdump System.Private.Xml*.dll System.Data.Common.dll Google.Protobuf.dll libcoreclrtraceptprovider.so )
python3 - "$out/shoggoth.deps.json" <<'PY'
import json, os, sys
path = sys.argv[1]; folder = os.path.dirname(path)
deps = json.load(open(path))
for libs in deps["targets"].values():
    for lib in libs.values():
        for section in ("runtime", "native"):
            for f in list(lib.get(section, {})):
                if not os.path.exists(os.path.join(folder, os.path.basename(f))):
                    del lib[section][f]
json.dump(deps, open(path, "w"), indent=2)
PY
# The PyTorch anchor lives in ../shared, which a device call does not carry: a copy rides in the tarball.
ref=../shared/reference/pytorch_topk_sae_bench.py
[ -f "$ref" ] && cp "$ref" "$out/"
tar -C tools/gpu-check -cf - publish | xz -6 -T4 > tools/gpu-check/publish.tar.xz
du -sh "$out" tools/gpu-check/publish.tar.xz
