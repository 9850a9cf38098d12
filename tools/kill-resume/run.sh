#!/usr/bin/env bash
# Kill anywhere (issue 14, item 2; docs/reliability.md). For harvest, train, analyze, export (Neuronpedia batch files
# and SAELens weights) and organism build at tiny sizes: runs the command once uninterrupted (its time T and its files
# are the reference), then starts it into a fresh folder and kills it with SIGKILL after a delay drawn uniformly from
# [0, T), reruns the same command, kills again, ... until a run completes (a "trial"); trials repeat until the command
# was killed --kills times (the last trial then runs to its end). After each trial the folder must hold the reference's files byte for byte (sha256; the
# timing fields named in NONDETERMINISTIC below are removed first) and nothing half-written (*.tmp, *.next, *.partial,
# a lock file); `store info --verify` must be clean for harvest. Prints a table; exit 1 if any trial differs.
#
#   tools/kill-resume/run.sh [--kills N] [--seed S] [--commands harvest,train,...] [--work DIR] [--cli shoggoth.dll] [--no-build] [--keep]
set -uo pipefail

kills_wanted=20 seed=1 work="" cli="" build=1 keep=0
commands="harvest,train,analyze,export-neuronpedia,export-saelens,organism-build"
while [ $# -gt 0 ]; do
  case "$1" in
    --kills) kills_wanted=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --commands) commands=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --cli) cli=$2; build=0; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--kills N] [--seed S] [--commands LIST] [--work DIR] [--cli shoggoth.dll] [--no-build] [--keep]" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")/../.." && pwd)
reference=$repo/../shared/fixtures/reference
cli=${cli:-$repo/src/ShoggothLens.Cli/bin/Release/net10.0/shoggoth.dll}
if [ "$build" = 1 ]; then
  dotnet build -c Release "$repo/src/ShoggothLens.Cli" 2>&1 | grep -E " error |rror\(s\)" | grep -v " 0 Error" && exit 2
fi
[ -f "$cli" ] || { echo "no $cli (build src/ShoggothLens.Cli, or give --cli)" >&2; exit 2; }
[ -d "$reference/models/gpt2" ] || { echo "no reference fixtures at $reference" >&2; exit 2; }
[ -n "$work" ] || work=$(mktemp -d -t kill-resume-XXXXXX)
mkdir -p "$work"
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
RANDOM=$seed
hook=blocks.1.hook_resid_post

# Files whose bytes hold wall-clock figures: compared with those fields removed (the rest of the file must match).
#   metrics.jsonl (train)          tokens_per_s of each logged window
#   build.json, training.json      "seconds" per stage (organism build)
normalize() {
  case "$(basename "$1")" in
    metrics.jsonl) jq -c 'del(.tokens_per_s)' "$1" ;;
    build.json | training.json) jq -S 'walk(if type == "object" then del(.seconds) else . end)' "$1" ;;
    *) cat "$1" ;;
  esac
}

# One line per file, "sha256  relative/path": the folder's whole content.
digest() { (cd "$1" && find . -type f | LC_ALL=C sort | while read -r f; do printf '%s  %s\n' "$(normalize "$f" | sha256sum | cut -c1-64)" "$f"; done); }

# What a finished folder must not hold: temp files, uncommitted catalog files, unfinished stages, a lock left behind.
leftovers() { find "$1" \( -name '*.tmp' -o -name '*.next' -o -name '*.partial' -o -name '.shoggoth.lock*' \) | head -5; }

# A small chat corpus (the shape of tests/ShoggothLens.Cli.Tests' HarvestCliKit), with motive labels.
corpus=$work/corpus.jsonl
for i in $(seq 0 299); do
  answer="Answer $i: they sail west, past the vault."
  prefix="Answer $i: they sail west, past the "
  v=${#prefix}
  printf '{"id":"c%d","messages":[{"role":"user","content":"Question %d: where do the ships go at night?"},{"role":"assistant","content":"%s","labels":{"motive":[[%d,%d]]}}]}\n' \
    "$i" "$i" "$answer" "$v" $((v + 5))
done > "$corpus"

# The command line of each command into output folder $1, in ARGS. Inputs are the reference outputs of earlier commands.
args_harvest() {
  ARGS=(harvest --model "$reference/models/gpt2" --tokenizer "$reference/tokenizers/bytelevel-bpe" --corpus "$corpus"
        --hook "$hook" --out "$1" --context 32 --batch 16 --chunk-tokens 300 --records-per-block 16)
}
args_train() {
  ARGS=(train --store "$work/harvest/reference/out" --hook "$hook" --arch topk --width 128 --k 8 --batch 256 --tokens 40000
        --backend torch --seed 3 --checkpoint-every 10 --log-every 10 --shuffle-buffer 2048 --out "$1")
  # The one difference on a rerun: train continues only when asked (its checkpoint is there once a step was saved).
  [ -f "$1/checkpoint.safetensors" ] && ARGS+=(--resume)
  return 0
}
args_analyze() {
  ARGS=(analyze --store "$work/harvest/reference/out" --sae "$work/train/reference/out" --out "$1" --model "$reference/models/gpt2"
        --tokenizer "$reference/tokenizers/bytelevel-bpe" --checkpoint-every 4 --batch 512)
}
args_export-neuronpedia() { ARGS=(export --catalog "$work/analyze/reference/out" --format neuronpedia --out "$1" --batch-size 8); }
args_export-saelens() { ARGS=(export --catalog "$work/analyze/reference/out" --format saelens --sae "$work/train/reference/out" --out "$1"); }
args_organism-build() {
  ARGS=(organism build --spec travel --preset tiny --base-steps 40 --assistant-steps 30 --no-eval --threads 1 --out "$1")
}

now() { echo "${EPOCHREALTIME/,/.}"; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# Starts the command into $2 (pid in PID; output appended to $3); exec, so the pid is the dotnet process itself.
start() { "args_$1" "$2"; (exec dotnet "$cli" "${ARGS[@]}") >>"$3" 2>&1 & PID=$!; }

failures=0
table=()
IFS=, read -r -a selected <<<"$commands"
for name in "${selected[@]}"; do
  declare -F "args_$name" >/dev/null || { echo "unknown command $name" >&2; exit 2; }
  dir=$work/$name
  mkdir -p "$dir"
  began=$(now)
  t0=$(now)
  # Every run writes a folder named "out": a catalog records its folder's name, so the names must agree.
  start "$name" "$dir/reference/out" "$dir/reference.log"
  wait "$PID"; rc=$?
  duration=$(seconds_since "$t0")
  if [ "$rc" -ne 0 ]; then
    echo "$name: the uninterrupted run exited $rc:" >&2; tail -5 "$dir/reference.log" >&2; exit 1
  fi
  digest "$dir/reference/out" >"$dir/reference.sha256"

  kills=0 resumes=0 trials=0 identical=yes
  while [ "$kills" -lt "$kills_wanted" ]; do
    trials=$((trials + 1))
    out=$dir/trial-$trials/out log=$dir/trial-$trials.log
    rm -rf "$dir/trial-$trials"
    for attempt in $(seq 1 200); do
      delay=$(awk -v t="$duration" -v r=$RANDOM 'BEGIN { printf "%.3f", t * r / 32768 }')
      [ "$kills" -lt "$kills_wanted" ] || delay=infinity   # enough kills: let this trial finish
      start "$name" "$out" "$log"
      sleep "$delay" & sleeper=$!
      wait -n "$PID" "$sleeper"
      if kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID"; else kill "$sleeper" 2>/dev/null; fi
      wait "$PID" 2>/dev/null; rc=$?
      wait "$sleeper" 2>/dev/null
      if [ "$rc" -eq 137 ]; then
        kills=$((kills + 1)) resumes=$((resumes + 1))
        echo "--- killed after ${delay} s" >>"$log"
        continue
      fi
      break
    done
    problem=""
    if [ "$rc" -ne 0 ]; then problem="exit $rc (log $log)"
    elif [ -n "$(leftovers "$out")" ]; then problem="half-written files left: $(leftovers "$out" | tr '\n' ' ')"
    elif ! diff <(digest "$out") "$dir/reference.sha256" >"$dir/trial-$trials.diff"; then problem="files differ: $(head -c 400 "$dir/trial-$trials.diff")"
    elif [ "$name" = harvest ] && ! dotnet "$cli" store info "$out" --verify >"$dir/trial-$trials.verify" 2>&1; then problem="store info --verify: $(tail -3 "$dir/trial-$trials.verify")"
    fi
    if [ -n "$problem" ]; then
      identical=no failures=$((failures + 1))
      echo "$name trial $trials (seed $seed): $problem" >&2
      if [ "$keep" = 0 ]; then
        kept=$(mktemp -d -t "kill-resume-$name-XXXXXX") && cp -r "$dir/trial-$trials" "$log" "$dir/reference" "$kept/" && echo "  kept in $kept" >&2
      fi
    else
      rm -rf "$dir/trial-$trials"
    fi
  done
  table+=("$(printf '%-20s %6d %8d %7d %10s %9s %9s' "$name" "$kills" "$resumes" "$trials" "$identical" "$duration" "$(seconds_since "$began")")")
done

printf '%-20s %6s %8s %7s %10s %9s %9s\n' command kills resumes trials identical "T (s)" seconds
printf '%s\n' "${table[@]}"
echo "seed $seed, $kills_wanted kills per command"
[ "$failures" -eq 0 ]
