# Shared by submit.sh, the batch scripts and retry.sbatch (sourced, never run). Reads the pipeline's settings from
# $SHOGGOTH_PIPELINE (a bash file of the variables below; see pipeline.env.example) and knows the stages:
#
#   harvest        array, SHARDS tasks     shoggoth harvest --shard i/N       -> $WORK/harvest/shard-i
#   merge-store    array, 1 task           shoggoth store merge               -> $WORK/store
#   train          array, one per hook     shoggoth train --hook H            -> $WORK/sae/H
#   analyze        array, hooks x SHARDS   shoggoth analyze --shard i/N       -> $WORK/analyze/H/shard-i
#   merge-catalog  array, one per hook     shoggoth analyze --merge ...       -> $WORK/features/H
#   export         array, hooks x SHARDS   shoggoth export --shard i/N        -> $WORK/export/H
#
# Every stage is an array (so one retry mechanism serves all) that starts after the previous one with
# --dependency=afterok and --kill-on-invalid-dep=yes; beside it a retry job (afterany) resubmits the tasks that failed.

set -euo pipefail

STAGES=(harvest merge-store train analyze merge-catalog export)

load_settings() {
  : "${SHOGGOTH_PIPELINE:?set SHOGGOTH_PIPELINE to the pipeline settings file (see pipeline.env.example)}"
  # shellcheck disable=SC1090
  source "$SHOGGOTH_PIPELINE"
  : "${SHOGGOTH:?the settings must name the shoggoth command (SHOGGOTH)}"
  : "${WORK:?the settings must name the work folder (WORK)}"
  : "${MODEL:?the settings must name the model (MODEL)}"
  : "${CORPUS:?the settings must name the corpus files (CORPUS)}"
  : "${HOOKS:?the settings must name the hook points (HOOKS)}"
  SHARDS=${SHARDS:-4}
  MAX_RETRIES=${MAX_RETRIES:-2}
  read -r -a HOOK_LIST <<<"$HOOKS"
  read -r -a CORPUS_LIST <<<"$CORPUS"
  read -r -a SHOGGOTH_CMD <<<"$SHOGGOTH"
  read -r -a HARVEST_OPTS <<<"${HARVEST_ARGS:-}"
  read -r -a TRAIN_OPTS <<<"${TRAIN_ARGS:---arch topk}"
  read -r -a ANALYZE_OPTS <<<"${ANALYZE_ARGS:-}"
  read -r -a MERGE_OPTS <<<"${CATALOG_ARGS:-}"
  read -r -a EXPORT_OPTS <<<"${EXPORT_ARGS:---format neuronpedia}"
  read -r -a SBATCH_OPTS <<<"${SBATCH_ARGS:-}"
}

# Tasks of a stage: "0-K" for sbatch --array.
stage_tasks() {
  local hooks=${#HOOK_LIST[@]}
  case "$1" in
    harvest) echo "0-$((SHARDS - 1))" ;;
    merge-store) echo "0-0" ;;
    train | merge-catalog) echo "0-$((hooks - 1))" ;;
    analyze | export) echo "0-$((hooks * SHARDS - 1))" ;;
    *) echo "unknown stage $1" >&2; return 1 ;;
  esac
}

# The stage after $1 (empty after the last).
next_stage() {
  local i
  for i in "${!STAGES[@]}"; do
    if [ "${STAGES[$i]}" = "$1" ]; then echo "${STAGES[$((i + 1))]:-}"; return; fi
  done
  echo "unknown stage $1" >&2; return 1
}

# A hook's folder name (hook names are file-name safe: blocks.6.hook_resid_post).
hook_of() { echo "${HOOK_LIST[$1]}"; }

# Runs task $2 of stage $1: the shoggoth command it stands for. Idempotent: a rerun resumes or finds the work done.
run_task() {
  local stage=$1 task=$2 hook shard args=()
  stall_if_asked "$stage" "$task"
  case "$stage" in
    harvest)
      for c in "${CORPUS_LIST[@]}"; do args+=(--corpus "$c"); done
      for h in "${HOOK_LIST[@]}"; do args+=(--hook "$h"); done
      run "${SHOGGOTH_CMD[@]}" harvest --model "$MODEL" "${args[@]}" --out "$WORK/harvest/shard-$task" --shard "$task/$SHARDS" "${HARVEST_OPTS[@]}"
      ;;
    merge-store)
      # A merge writes its manifest last: a manifest means a finished merge (store merge refuses to overwrite it).
      if [ -f "$WORK/store/manifest.json" ]; then echo "$WORK/store is merged already"; return 0; fi
      for ((i = 0; i < SHARDS; i++)); do args+=("$WORK/harvest/shard-$i"); done
      run "${SHOGGOTH_CMD[@]}" store merge --out "$WORK/store" "${args[@]}"
      ;;
    train)
      hook=$(hook_of "$task")
      [ -f "$WORK/sae/$hook/checkpoint.safetensors" ] && args+=(--resume)
      run "${SHOGGOTH_CMD[@]}" train --store "$WORK/store" --hook "$hook" --out "$WORK/sae/$hook" "${TRAIN_OPTS[@]}" "${args[@]}"
      ;;
    analyze)
      hook=$(hook_of $((task / SHARDS))); shard=$((task % SHARDS))
      run "${SHOGGOTH_CMD[@]}" analyze --store "$WORK/store" --sae "$WORK/sae/$hook" --out "$WORK/analyze/$hook/shard-$shard" \
        --shard "$shard/$SHARDS" "${ANALYZE_OPTS[@]}"
      ;;
    merge-catalog)
      hook=$(hook_of "$task")
      for ((i = 0; i < SHARDS; i++)); do args+=("$WORK/analyze/$hook/shard-$i"); done
      run "${SHOGGOTH_CMD[@]}" analyze --store "$WORK/store" --sae "$WORK/sae/$hook" --out "$WORK/features/$hook" \
        "${ANALYZE_OPTS[@]}" "${MERGE_OPTS[@]}" --merge "${args[@]}"
      ;;
    export)
      hook=$(hook_of $((task / SHARDS))); shard=$((task % SHARDS))
      run "${SHOGGOTH_CMD[@]}" export --catalog "$WORK/features/$hook" --out "$WORK/export/$hook" --shard "$shard/$SHARDS" "${EXPORT_OPTS[@]}"
      ;;
    *) echo "unknown stage $stage" >&2; return 1 ;;
  esac
}

run() { echo "+ $*"; "$@"; }

# For check.sh only: SHOGGOTH_SLURM_STALL=STAGE:TASK makes that task's first attempt hang (a stuck node), so the check
# can kill it while it runs. The marker file makes later attempts run normally.
stall_if_asked() {
  if [ "${SHOGGOTH_SLURM_STALL:-}" = "$1:$2" ] && [ ! -e "$WORK/.stalled-$1-$2" ]; then
    touch "$WORK/.stalled-$1-$2"
    echo "stalling (SHOGGOTH_SLURM_STALL=$SHOGGOTH_SLURM_STALL): waiting to be killed"
    sleep 600
  fi
}

# sbatch with the pipeline's common options; prints the job id.
submit() {
  sbatch --parsable --kill-on-invalid-dep=yes --export=ALL "${SBATCH_OPTS[@]}" "$@" | cut -d';' -f1
}

# Submits stage $1 (tasks $2, e.g. 0-3 or 1,3) at attempt $3 and every later stage, each after the one before
# (afterok), with a retry job beside every stage. The first stage waits for $4 when given (a dependency spec).
submit_chain() {
  local stage=$1 tasks=$2 attempt=$3 after=${4:-} here jid rid dep=()
  here=${SHOGGOTH_SLURM_DIR:?}
  mkdir -p "$WORK/logs"
  while [ -n "$stage" ]; do
    dep=()
    [ -n "$after" ] && dep=(--dependency="$after")
    jid=$(submit "${dep[@]}" --array="$tasks" --job-name="shoggoth-$stage" --output="$WORK/logs/$stage-%A_%a.log" \
      "$here/stage.sbatch" "$stage")
    rid=$(submit --dependency="afterany:$jid" --job-name="shoggoth-retry-$stage" --output="$WORK/logs/retry-$stage-%j.log" \
      "$here/retry.sbatch" "$stage" "$jid" "$attempt")
    echo "$stage $jid attempt=$attempt tasks=$tasks retry=$rid" | tee -a "$WORK/jobs.log"
    after="afterok:$jid"
    stage=$(next_stage "$stage")
    tasks=$( [ -n "$stage" ] && stage_tasks "$stage" || true)
  done
}
