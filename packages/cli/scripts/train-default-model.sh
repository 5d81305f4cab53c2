#!/usr/bin/env bash
# Reproduces the default model that @sadp/cli ships in model/: dataset → train → evaluate → ship → model card.
# Every step resumes where an interrupted run stopped. Needs the shared CIF corpus (CIFS=...) and a build.
#   bash packages/cli/scripts/train-default-model.sh            # from the repository root
#   EPOCHS=6 RUN=runs/try2 bash packages/cli/scripts/train-default-model.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."

RUN=${RUN:-runs/default-model}
CIFS=${CIFS:-../shared/cifs/cubic}
EPOCHS=${EPOCHS:-8}
SEED=${SEED:-1}
resume_if() { [ -e "$1" ] && echo --resume || true; }

# 64 px patterns scaled to their crystal (the reciprocal cell edge 1/a spans 3.75–5.5 px, as a microscopist
# picks the camera length), direct beam drawn, spot peaks = I^0.5, 3 voltages, the 16 zones, 213/221/225/227/229,
# real CIFs split 85:15 by crystal plus synthetic training crystals to balance the groups.
npx sadp dataset "$CIFS" -o "$RUN/data" -g 213,221,225,227,229 --kv 100,200,300 --size 64 \
  --cell-pixels 3.75,5.5 --simulation '{"spotSigma":1,"gamma":0.5,"directBeam":true}' \
  --synthetic balance --seed "$SEED" $(resume_if "$RUN/data/dataset.json")

npx sadp train "$RUN/data" -o "$RUN/train" --preset cpu --depth 18 --width 0.5 --input-size 64 \
  --epochs "$EPOCHS" --seed "$SEED" $(resume_if "$RUN/train/checkpoints/latest")

npx sadp eval "$RUN/train/model" "$RUN/data/val" --json > "$RUN/eval-val.json"
npx tsx packages/cli/scripts/ship-model.ts "$RUN/train/model" "$RUN/data" packages/cli/model
npx tsx packages/cli/scripts/model-card.ts packages/cli/model "$RUN/data" packages/cli/model "$RUN"
echo "shipped to packages/cli/model (model.json, float16 weights.bin, MODEL_CARD.md, confusion.png)"
