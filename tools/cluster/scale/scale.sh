#!/usr/bin/env bash
# scale.sh DIR TOKENS [SAE]: harvest TOKENS tokens of the shipped organism (one hook, blocks.2.hook_resid_post, bf16)
# over its held-out corpus repeated, then analyze them with SAE (trained here on the first 200k tokens when not given),
# each under /usr/bin/time -v; prints wall time, throughput and peak RSS of both (tools/BENCHMARKS.md, "Scale").
# Run with nice -n 10 on a shared machine; needs about TOKENS x 400 bytes of disk (bf16 activations, d_model 192).
set -euo pipefail
dir=${1:?usage: scale.sh DIR TOKENS [SAE]} tokens=${2:?} sae=${3:-}
repo=$(cd "$(dirname "$0")/../../.." && pwd)
hook=blocks.2.hook_resid_post
mkdir -p "$dir"
# Run from a copy: a rebuild overwrites the DLLs in bin/ in place, which crashes a process mapping them
# (a first 10M run died so, AccessViolationException, when a test build ran beside it).
if [ ! -f "$dir/cli/shoggoth.dll" ]; then cp -r "$repo/src/ShoggothLens.Cli/bin/Release/net10.0" "$dir/cli"; fi
dll="$dir/cli/shoggoth.dll"
corpus="$dir/cli/organism/corpus"
# ~76k tokens per copy of the held-out chats and stories: repeat enough to reach TOKENS.
copies=$(( tokens / 70000 + 1 ))
for f in chat persona; do
  [ -s "$dir/$f.jsonl" ] && [ "$(cat "$dir/$f.copies" 2>/dev/null)" = "$copies" ] && continue
  for ((i = 0; i < copies; i++)); do cat "$corpus/heldout.$f.jsonl"; done >"$dir/$f.jsonl"
  echo "$copies" >"$dir/$f.copies"
done
measure() {   # measure NAME COMMAND...: runs it under time -v, prints "NAME wall_s peak_rss_mib"
  local name=$1; shift
  /usr/bin/time -v -o "$dir/$name.time" "$@" >"$dir/$name.log" 2>&1 || { tail -5 "$dir/$name.log"; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s}' "$dir/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$dir/$name.time")
  echo "$name $wall $rss"
}
store="$dir/store-$tokens"
rm -rf "$store"
h=$(measure "harvest-$tokens" dotnet "$dll" harvest --model organism --corpus "$dir/chat.jsonl" --corpus "$dir/persona.jsonl" \
  --hook $hook --dtype bf16 --max-tokens "$tokens" --out "$store")
if [ -z "$sae" ]; then
  sae="$dir/sae"
  [ -f "$sae/sae_weights.safetensors" ] || dotnet "$dll" train --store "$store" --hook $hook --arch topk --width 1024 --k 16 \
    --tokens 200000 --batch 1024 --backend torch --out "$sae" >"$dir/train.log" 2>&1
fi
rm -rf "$dir/catalog-$tokens"
a=$(measure "analyze-$tokens" dotnet "$dll" analyze --store "$store" --sae "$sae" --out "$dir/catalog-$tokens")
chunks=$(dotnet "$dll" store info --json "$store" | sed -n 's/.*"chunks":\([0-9]*\).*/\1/p')
real=$(dotnet "$dll" store info --json "$store" | sed -n 's/.*"tokens":\([0-9]*\).*/\1/p')
read -r _ hw hr <<<"$h"; read -r _ aw ar <<<"$a"
printf 'tokens %s (%s chunks) | harvest %.0f s, %.0f tokens/s, peak RSS %s MiB | analyze %.0f s, %.0f tokens/s, peak RSS %s MiB | store %s\n' \
  "$real" "$chunks" "$hw" "$(echo "$real / $hw" | bc -l)" "$hr" "$aw" "$(echo "$real / $aw" | bc -l)" "$ar" "$(du -sh "$store" | cut -f1)"
