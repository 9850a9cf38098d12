#!/usr/bin/env bash
# check.sh: the Slurm pipeline for real, on a single-node cluster on loopback (issue 14 item 4).
#  1. installs slurm-wlm and munge with apt when missing (skips, exit 0, only when not root or without apt-get);
#  2. starts munged, slurmctld and slurmd with every file under a temp dir (stopped by a trap, however this ends);
#  3. runs harvest and train in one process each on a tiny corpus of the shipped organism (the single-process run);
#  4. submits the 4-shard pipeline (submit.sh): harvest array -> store merge -> train -> analyze array -> catalog merge
#     -> export array; kills analyze task 1 while it runs (scancel) and waits, bounded, for the retry to finish it;
#  5. checks the cluster's results equal the single-process ones: the store's files and `store info --verify`, the SAE's
#     weights, and (analyze and export run unsharded on the cluster's store and SAE, in one process each) the catalog's
#     and the export's bytes; and that the killed task was resubmitted. Exits non-zero otherwise.
# Time: about 2 minutes on 2 shared cores. SHOGGOTH_SLURM_KEEP=1 keeps the temp dir for a look.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
say() { echo "slurm check: $*"; }
fail() { say "FAILED: $*"; exit 1; }
start_time=$SECONDS

# 1. Slurm and munge.
if [ "$(id -u)" -ne 0 ]; then say "skipped: needs root to install and start slurmctld, slurmd and munged"; exit 0; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  command -v apt-get >/dev/null || { say "skipped: slurm-wlm and munge are missing and there is no apt-get to install them"; exit 0; }
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null 2>&1 \
    || { apt-get update >/dev/null && apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; } \
    || fail "apt-get could not install slurm-wlm and munge"
fi

# The CLI (built by the test run before this; built here when missing).
dll="$repo/src/ShoggothLens.Cli/bin/Release/net10.0/shoggoth.dll"
if [ ! -f "$dll" ]; then
  say "building the CLI"
  dotnet build -c Release "$repo/src/ShoggothLens.Cli" >/dev/null || fail "dotnet build of the CLI failed"
fi
shoggoth=(dotnet "$dll")

# 2. A cluster under a temp dir.
tmp=$(mktemp -d /tmp/shoggoth-slurm.XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  local code=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ] && [ ${#pids[@]} -ge 3 ]; then
    # Jobs first (their processes are slurmstepd's, not ours), then the daemons.
    scancel --full --quiet -u root 2>/dev/null || true
    for _ in $(seq 100); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.1; done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "${SHOGGOTH_SLURM_KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
mkdir -p "$tmp/munge" "$tmp/munge-key" "$tmp/state" "$tmp/spool" "$tmp/log"
chown munge:munge "$tmp/munge" "$tmp/munge-key"; chmod 755 "$tmp/munge"; chmod 700 "$tmp/munge-key"
dd if=/dev/urandom of="$tmp/munge-key/munge.key" bs=1024 count=1 status=none
chown munge:munge "$tmp/munge-key/munge.key"; chmod 400 "$tmp/munge-key/munge.key"
runuser -u munge -- /usr/sbin/munged --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge-key/munge.key" \
  --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" \
  || fail "munged did not start: $(cat "$tmp/munge/munged.log" 2>/dev/null)"
for _ in $(seq 50); do [ -s "$tmp/munge/munged.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/munge/munged.pid")")

node=$(hostname -s)
node_line=$(slurmd -C | head -1 | sed "s/^NodeName=[^ ]*/NodeName=$node/")
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=shoggothcheck
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
ReturnToService=2
MinJobAge=900
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=check Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -i || fail "slurmctld did not start: $(tail -5 "$tmp/log/slurmctld.log" 2>/dev/null)"
for _ in $(seq 50); do [ -s "$tmp/slurmctld.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/slurmctld.pid")")
slurmd -N "$node" || fail "slurmd did not start: $(tail -5 "$tmp/log/slurmd.log" 2>/dev/null)"
for _ in $(seq 50); do [ -s "$tmp/slurmd.pid" ] && break; sleep 0.1; done
pids+=("$(cat "$tmp/slurmd.pid")")
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.2; done
sinfo -h -o %T | grep -qx idle || fail "the node did not come up: $(sinfo 2>&1; tail -5 "$tmp/log/slurmd.log")"
say "cluster up: $node_line ($((SECONDS - start_time)) s)"

# 3. Inputs, settings, and the single-process run.
organism="$(dirname "$dll")/organism/corpus"
head -n 40 "$organism/heldout.chat.jsonl" >"$tmp/chats.jsonl"
head -n 24 "$organism/heldout.persona.jsonl" >"$tmp/stories.jsonl"
hook=blocks.2.hook_resid_post
harvest_args="--context 64 --batch 8 --chunk-tokens 1024 --records-per-block 4"
train_args="--arch topk --width 256 --k 8 --batch 256 --backend torch --seed 0"
# 255 co-activation counters for 256 latents: no partner table fills, so the merged counts are exact (with fewer, a
# sharded catalog's co-activation lists are within their bound, docs/feature-analysis.md, and the bytes may differ).
analyze_args="--batch 256 --checkpoint-every 1 --coactivation-capacity 255"
catalog_args="--model organism"
export_args="--format neuronpedia --batch-size 32"
work="$tmp/cluster"
mkdir -p "$work"
cat >"$tmp/pipeline.env" <<ENV
SHOGGOTH="dotnet $dll"
WORK=$work
MODEL=organism
CORPUS="$tmp/chats.jsonl $tmp/stories.jsonl"
HOOKS=$hook
SHARDS=4
HARVEST_ARGS="$harvest_args"
TRAIN_ARGS="$train_args"
ANALYZE_ARGS="$analyze_args"
CATALOG_ARGS="$catalog_args"
EXPORT_ARGS="$export_args"
MAX_RETRIES=2
ENV

single="$tmp/single"
mkdir -p "$single"
# shellcheck disable=SC2086
"${shoggoth[@]}" harvest --model organism --corpus "$tmp/chats.jsonl" --corpus "$tmp/stories.jsonl" --hook $hook \
  --out "$single/store" $harvest_args >"$single/harvest.log" 2>&1 || fail "single-process harvest: $(tail -3 "$single/harvest.log")"
# shellcheck disable=SC2086
"${shoggoth[@]}" train --store "$single/store" --hook $hook --out "$single/sae" $train_args >"$single/train.log" 2>&1 \
  || fail "single-process train: $(tail -3 "$single/train.log")"
say "single-process harvest and train done ($((SECONDS - start_time)) s)"

# 4. The pipeline, with analyze task 1 stalled on its first attempt so it can be killed while it runs.
export SHOGGOTH_SLURM_STALL=analyze:1
"$here/submit.sh" "$tmp/pipeline.env" >"$tmp/submit.log" || fail "submit.sh: $(cat "$tmp/submit.log")"
analyze_job=$(awk '$1 == "analyze" && $3 == "attempt=0" {print $2}' "$work/jobs.log")
[ -n "$analyze_job" ] || fail "no analyze job in $work/jobs.log"
deadline=$((SECONDS + 180))
killed=0
while [ $SECONDS -lt $deadline ]; do
  if [ $killed = 0 ] && [ -e "$work/.stalled-analyze-1" ] \
     && [ "$(squeue -h -j "${analyze_job}_1" -o %T 2>/dev/null)" = RUNNING ]; then
    scancel "${analyze_job}_1"
    killed=1
    say "killed analyze task 1 (job ${analyze_job}_1) while it ran ($((SECONDS - start_time)) s)"
  fi
  [ -z "$(squeue -h -o %i 2>/dev/null)" ] && [ $killed = 1 ] && break
  sleep 0.5
done
[ -z "$(squeue -h -o %i)" ] || fail "the pipeline did not finish within the bound: $(squeue)"
[ $killed = 1 ] || fail "analyze task 1 was never seen running"
say "pipeline finished ($((SECONDS - start_time)) s); jobs:"
sed 's/^/  /' "$work/jobs.log"

# Every job of the last attempt of each stage completed (sbatch --wait and afterany say nothing about success).
for stage in harvest merge-store train analyze merge-catalog export; do
  job=$(awk -v s="$stage" '$1 == s {j = $2} END {print j}' "$work/jobs.log")
  states=$(scontrol show job -o "$job" | sed -n 's/.* JobState=\([^ ]*\).*/\1/p' | sort -u | tr '\n' ' ')
  [ "$states" = "COMPLETED " ] || fail "stage $stage (job $job) ended $states; logs: $(tail -5 "$work"/logs/"$stage"-"$job"_*.log 2>/dev/null)"
done
grep -q '^analyze .* attempt=1 tasks=1 ' "$work/jobs.log" || fail "analyze task 1 was not resubmitted alone"
grep -q "resubmitting tasks 1 of stage analyze" "$work"/logs/retry-analyze-*.log || fail "the retry job did not say what it resubmitted"

# 5. Equal results.
for f in $(cd "$single/store" && find . -type f | sort); do
  cmp -s "$single/store/$f" "$work/store/$f" || fail "store file $f differs from the single-process store"
done
[ "$(cd "$single/store" && find . -type f | sort)" = "$(cd "$work/store" && find . -type f | sort)" ] || fail "the stores hold different files"
"${shoggoth[@]}" store info --verify "$work/store" >"$tmp/info.log" 2>&1 || fail "store info --verify: $(cat "$tmp/info.log")"
a=$("${shoggoth[@]}" store info --json "$single/store" | sed 's/"store":"[^"]*",//')
b=$("${shoggoth[@]}" store info --json "$work/store" | sed 's/"store":"[^"]*",//')
[ "$a" = "$b" ] || fail "store info differs: $a vs $b"
for f in sae_weights.safetensors cfg.json; do
  cmp -s "$single/sae/$f" "$work/sae/$hook/$f" || fail "SAE file $f differs from the single-process SAE"
done
# The unsharded analyze and export of the same store and SAE (a catalog names its store and SAE, and its folder).
mkdir -p "$single/features"
# shellcheck disable=SC2086
"${shoggoth[@]}" analyze --store "$work/store" --sae "$work/sae/$hook" --out "$single/features/$hook" $analyze_args $catalog_args \
  >"$single/analyze.log" 2>&1 || fail "single-process analyze: $(tail -3 "$single/analyze.log")"
for f in catalog.bin index.bin persona-vectors.json; do
  cmp -s "$single/features/$hook/$f" "$work/features/$hook/$f" || fail "catalog file $f differs from the single-process catalog"
done
# shellcheck disable=SC2086
"${shoggoth[@]}" export --catalog "$single/features/$hook" --out "$single/export" $export_args >"$single/export.log" 2>&1 \
  || fail "single-process export: $(tail -3 "$single/export.log")"
[ "$(ls "$single/export")" = "$(ls "$work/export/$hook")" ] || fail "the exports hold different files"
for f in $(ls "$single/export"); do
  cmp -s "$single/export/$f" "$work/export/$hook/$f" || fail "export file $f differs from the single-process export"
done
files=$(ls "$single/export" | wc -l)
say "passed in $((SECONDS - start_time)) s: 4-shard harvest, train, 4-shard analyze and export on Slurm equal the single-process run" \
  "(store: $(find "$work/store" -type f | wc -l) files; SAE; catalog: 3 files; export: $files batch files); a killed analyze task was resubmitted"
