#!/usr/bin/env bash
# Reproduces the default model that @sadp/classifier ships in model/: dataset → train → evaluate → ship → model card.
# Every step resumes where an interrupted run stopped. Needs the shared CIF corpus (CIFS=...) and a build.
#   bash packages/classifier/scripts/train-default-model.sh            # from the repository root
#   EPOCHS=6 RUN=runs/try2 bash packages/classifier/scripts/train-default-model.sh
#   INIT=packages/classifier/model EPOCHS=6 RUN=runs/conventions bash packages/classifier/scripts/train-default-model.sh
#   SIZE=96 CELL_PIXELS=5.25,8.625 SPOT_SIGMA=1 SHIP=runs/r96/ship RUN=runs/r96 bash packages/classifier/scripts/train-default-model.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."

RUN=${RUN:-runs/default-model}
CIFS=${CIFS:-../shared/cifs/cubic}
EPOCHS=${EPOCHS:-10}
SEED=${SEED:-1}
TRAIN_SEED=${TRAIN_SEED:-$SEED}   # seed of initialisation, shuffling and augmentation (the dataset keeps SEED)
SIZE=${SIZE:-64}                  # model input and image size, px
CELL_PIXELS=${CELL_PIXELS:-3.5,5.75} # range of the reciprocal cell edge 1/a in px (scale it with SIZE)
SPOT_SIGMA=${SPOT_SIGMA:-1}       # spot blur, px (scale it with SIZE)
SHIP=${SHIP:-packages/classifier/model}  # where the shipped model and its card go
INIT=${INIT:-}                    # optional: fine-tune from this trained model folder instead of starting afresh
# Rendering conventions drawn per image (spot size and profile, display exponent, direct beam absent to 100×,
# specimen thickness or no envelope at all, per-reflection jitter, double diffraction, lens ellipticity, beam stop, beam off-centre), so
# that the network learns the crystal rather than one renderer; sizes are for 64 px and scale with SIZE.
CONVENTIONS=${CONVENTIONS:-'{"spotSigma":[0.3,3],"profiles":["gaussian","lorentzian","lorentzian","voigt"],"gamma":[0.2,1.2],"directBeam":[0.3,100],"directBeamAbsent":0.15,"thickness":[20,300],"noEnvelope":0.35,"intensityJitter":[0,0.4],"doubleDiffraction":{"chance":0.3,"strength":[0.01,0.2]},"ellipticity":[0,0.03],"beamStop":0.1,"centreOffset":3}'}
# Training images are turned to any orientation (micrographs have no preferred one; the network saw ±30° before)
# and the network sees only the inscribed disc of each input, so that the corners of a turned square are no cue.
resume_if() { [ -e "$1" ] && echo --resume || true; }

# 64 px patterns scaled to their crystal (the reciprocal cell edge 1/a spans 3.5–5.75 px, as a microscopist
# picks the camera length, with room for a ±5 % calibration error), direct beam drawn, spot peaks = I^0.5,
# 3 voltages, the 16 zones, 213/221/225/227/229. 70 % of the images get detector-like conditions: shot noise
# (10–2000 counts at the peak), read noise, background, a diffuse halo and up to 1° of tilt. Real CIFs are split
# 85:15 by crystal; synthetic training crystals balance the groups and the three absence variants of 227.
npx sadp dataset "$CIFS" -o "$RUN/data" -g 213,221,225,227,229 --kv 100,200,300 --size "$SIZE" \
  --cell-pixels "$CELL_PIXELS" --simulation "{\"spotSigma\":$SPOT_SIGMA,\"gamma\":0.5,\"directBeam\":true}" \
  --imaging "{\"fraction\":0.7,\"poisson\":[10,2000],\"gaussian\":[0,0.02],\"background\":[0,0.08],\"diffuse\":[0,0.3],\"tilt\":1,\"conventions\":$CONVENTIONS}" \
  --synthetic balance --seed "$SEED" $(resume_if "$RUN/data/dataset.json")

npx sadp train "$RUN/data" -o "$RUN/train" --preset cpu --depth 18 --width 0.5 --input-size "$SIZE" \
  --epochs "$EPOCHS" --seed "$TRAIN_SEED" --rotation 180 --mask disc ${INIT:+--init "$INIT"} $(resume_if "$RUN/train/checkpoints/latest")

npx sadp eval "$RUN/train/model" "$RUN/data/val" --json > "$RUN/eval-val.json"
npx tsx packages/classifier/scripts/ship-model.ts "$RUN/train/model" "$RUN/data" "$SHIP"
npx tsx packages/classifier/scripts/model-card.ts "$SHIP" "$RUN/data" "$SHIP" "$RUN"
echo "shipped to $SHIP (model.json, float16 weights.bin, MODEL_CARD.md, confusion.png)"
