# Sourced by run.sh and architectures.sh on the GPU machine, from the repository root: unpacks the
# publish into $work, sets $exe and $out, and puts libcuda.so and cuBLAS on the loader's path.
out="${OUT:-$PWD/gpu-check-out}"
mkdir -p "$out"
work=$(mktemp -d)
tar -C "$work" -xJf tools/gpu-check/publish.tar.xz
exe="$work/publish/shoggoth"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

# ILGPU asks the loader for libcuda.so; CUDA 13 machines may have only libcuda.so.1. cuBLAS may live
# in the CUDA toolkit or in PyTorch's nvidia-cublas wheel.
libs="$work/libs"
mkdir -p "$libs"
cuda1=$(ldconfig -p | awk '/libcuda\.so\.1 /{print $NF; exit}')
[ -n "$cuda1" ] && ln -sf "$cuda1" "$libs/libcuda.so"
extra="$libs"
for d in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib $(python3 -c 'import nvidia, os; [print(os.path.join(p, sub, "lib")) for p in nvidia.__path__ for sub in os.listdir(p)]' 2>/dev/null); do
  ls "$d"/libcublas.so.1* >/dev/null 2>&1 && extra="$extra:$d"
done
export LD_LIBRARY_PATH="$extra${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/device.txt"

