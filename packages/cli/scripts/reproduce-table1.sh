#!/usr/bin/env bash
# Reproduces the paper's Table 1 on CPU: one dataset (the default model's recipe at a single voltage), then
# ResNet18 and ResNet34 trained on it with the same budget, their accuracy, parameters and CPU latency.
# Resumes where an interrupted run stopped. Needs the shared CIF corpus (CIFS=...) and a build.
#   bash packages/cli/scripts/reproduce-table1.sh                       # from the repository root
#   DEPTHS=18,34,50 EPOCHS=6 RUN=runs/table1-long bash packages/cli/scripts/reproduce-table1.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."

RUN=${RUN:-runs/table1}
CIFS=${CIFS:-../shared/cifs/cubic}
SEED=${SEED:-1}
resume_if() { [ -e "$1" ] && echo --resume || true; }

npx sadp dataset "$CIFS" -o "$RUN/data" -g 213,221,225,227,229 --kv 200 --size 64 \
  --cell-pixels 3.5,5.75 --simulation '{"spotSigma":1,"gamma":0.5,"directBeam":true}' \
  --imaging '{"fraction":0.7,"poisson":[10,2000],"gaussian":[0,0.02],"background":[0,0.08],"diffuse":[0,0.3],"tilt":1}' \
  --synthetic balance --seed "$SEED" $(resume_if "$RUN/data/dataset.json")

DEPTHS=${DEPTHS:-18,34} WIDTH=${WIDTH:-0.5} INPUT=${INPUT:-64} EPOCHS=${EPOCHS:-4} SEED=$SEED \
  npx tsx packages/cli/scripts/table1.ts "$RUN/data" "$RUN"
echo "wrote $RUN/TABLE1.md and $RUN/table1.json"
