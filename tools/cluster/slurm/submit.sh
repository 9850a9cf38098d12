#!/usr/bin/env bash
# submit.sh SETTINGS [STAGE]: submits the pipeline (from STAGE, default harvest) to Slurm as dependent job arrays,
# each with a retry job; prints and appends to $WORK/jobs.log one line per stage: "stage JOB attempt=N tasks=T retry=JOB".
# See README.md. The settings file is a bash file of variables (pipeline.env.example).
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 SETTINGS [STAGE]" >&2; exit 1; }
SHOGGOTH_SLURM_DIR=$(cd "$(dirname "$0")" && pwd)
SHOGGOTH_PIPELINE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export SHOGGOTH_SLURM_DIR SHOGGOTH_PIPELINE
source "$SHOGGOTH_SLURM_DIR/lib.sh"
load_settings
from=${2:-harvest}
tasks=$(stage_tasks "$from")
mkdir -p "$WORK/logs"
submit_chain "$from" "$tasks" 0
