#!/usr/bin/env bash
# Real experimental patterns → `sadp classify` → markdown tables on stdout (see README.md).
#   bash evaluation/real/run.sh                      # shipped model; downloads the sources once
#   SADP_MODEL=runs/r18/model bash evaluation/real/run.sh
#   PYCOTEM_GIT=/path/to/pycotem/.git bash evaluation/real/run.sh   # read the sources from a local clone instead
#   (likewise EMICROML_GIT, KW991031_GIT, PYXEM_DEMOS_GIT: each source's `gitEnv` in patterns.json, read by fetch-real.mjs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fetch_args=()
if [[ -n "${PYCOTEM_GIT:-}" ]]; then fetch_args+=(--git-dir "$PYCOTEM_GIT"); fi
node "$here/fetch-real.mjs" "${fetch_args[@]}" >&2
run_args=()
if [[ -n "${SADP_MODEL:-}" ]]; then run_args+=(--model "$SADP_MODEL"); fi
node "$here/run.mjs" "${run_args[@]}" "$@"
