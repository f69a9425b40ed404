#!/usr/bin/env bash
# The demo model's recipe (Samples/models/MODEL_CARD.md) as one resumable script, from a clean
# clone: data, stage 1 (detector from scratch), stage 2 (backbone pre-training on object crops),
# stage 3 (detector fine-tuning), export, evaluation and the demo fixtures. Each stage is
# skipped when its output exists, and the training stages resume from their latest.pth, so
# rerunning after an interruption continues where it stopped. CPU only; about 3.5 hours on
# 2 cores (114 + 22 + 55 minutes of training).
#
# Environment (all optional):
#   PY     the Python of a virtual environment with Tools/requirements.txt
#          (default: ../dhvenv/bin/python beside the repository)
#   WORK   where data, runs and evaluations go, outside the repository
#          (default: ../dhwork beside the repository)
#   MODEL  the exported model (default: Samples/models/shapes-dh-ext.safetensors)
#
# Usage: Tools/reproduce_demo_model.sh      (e.g. nohup Tools/reproduce_demo_model.sh > repro.log 2>&1 &)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$repo/../dhvenv/bin/python}
WORK=${WORK:-$repo/../dhwork}
MODEL=${MODEL:-$repo/Samples/models/shapes-dh-ext.safetensors}
[ -x "$PY" ] || { echo "no Python at $PY: python3 -m venv ../dhvenv && ../dhvenv/bin/pip install -r Tools/requirements.txt (or set PY)" >&2; exit 1; }
mkdir -p "$WORK"
cd "$repo/Tools"
step() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

step "data: 5000 training scenes (seed 1), 500 held-out scenes (seed 2)"
[ -f "$WORK/data/train/annotations.json" ] || "$PY" shapes.py --out "$WORK/data/train" --count 5000 --seed 1 --prefix train
[ -f "$WORK/data/val/annotations.json" ] || "$PY" shapes.py --out "$WORK/data/val" --count 500 --seed 2 --prefix val

step "stage 1: the detector from scratch (114 min; resumes from run1/latest.pth)"
[ -f "$WORK/run1/final.pth" ] || "$PY" -W ignore train.py --data "$WORK/data/train" --work "$WORK/run1" \
    --iters 20000 --lr 2e-3 --batch 4 --rcnn-num 64 --train-nms-pre 1000 --train-max-per-img 500 --time-budget-min 114

step "stage 2: the backbone pre-trained on crops of the generated objects (22 min)"
[ -f "$WORK/pretrain/backbone.pth" ] || "$PY" -W ignore pretrain.py --data "$WORK/data/train" --val "$WORK/data/val" \
    --out "$WORK/pretrain" --minutes 22 --init "$WORK/run1/latest.pth"

step "stage 3: the detector fine-tuned with that backbone (55 min; resumes from run2/latest.pth)"
[ -f "$WORK/run2/final.pth" ] || "$PY" -W ignore train.py --data "$WORK/data/train" --work "$WORK/run2" \
    --init-model "$WORK/run1/latest.pth" --init-backbone "$WORK/pretrain/backbone.pth" --iters 40000 --lr 1.5e-3 \
    --batch 4 --rcnn-num 64 --train-nms-pre 1000 --train-max-per-img 500 --time-budget-min 55 --warmup-s 90

step "export (F16 safetensors, 200 test-time proposals) to $MODEL"
"$PY" export.py --ckpt "$WORK/run2/final.pth" --out "$MODEL" --dtype F16 --rpn-max-per-img 200

step "evaluation of every variant on the held-out scenes"
"$PY" evaluate.py --model "$MODEL" --data "$WORK/data/val" --out "$WORK/eval"

step "demo fixtures for the parity tests"
"$PY" fixtures.py demo
echo "done: $MODEL; metrics in $WORK/eval"
