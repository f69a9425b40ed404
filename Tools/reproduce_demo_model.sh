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
#          (default: ../dhwork beside the repository; ../dhwork-smoke with SMOKE=1)
#   MODEL  the exported model (default: Samples/models/shapes-dh-ext.safetensors;
#          $WORK/shapes-dh-ext-smoke.safetensors with SMOKE=1). The demo fixtures describe
#          the shipped model, so they are rewritten only when MODEL is that file.
#   SMOKE  1: check that every stage runs, in a few minutes, without writing into the
#          repository: 40 training and 10 held-out scenes, 10 iterations (at most 2 minutes)
#          for stages 1 and 3, 1 minute of pre-training, 4 precise-BN batches, then export and
#          evaluation as usual. The demo fixtures are skipped (fixtures.py writes only into
#          Tests/Fixtures/demo). The model it makes is useless except as a loadable file.
#
# A WORK folder remembers which mode filled it (RECIPE_MODE), so a full run never resumes from
# smoke data or checkpoints, nor the other way round.
#
# Usage: Tools/reproduce_demo_model.sh      (e.g. nohup Tools/reproduce_demo_model.sh > repro.log 2>&1 &)
#        SMOKE=1 Tools/reproduce_demo_model.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
smoke=${SMOKE:-0}
case "$smoke" in 0|1) ;; *) echo "SMOKE must be 0 or 1, not '$smoke'" >&2; exit 2 ;; esac
mode=full; [ "$smoke" = 1 ] && mode=smoke

# Absolute, symlink-free paths: relative ones must survive the cd into Tools/ below, and the
# checks that WORK and a smoke MODEL lie outside the repository must hold before anything is
# created. canon resolves the longest existing prefix of a path, which need not exist yet.
canon() {
    local p rest=""
    case "$1" in /*) p=$1 ;; *) p=$PWD/$1 ;; esac
    while [ ! -d "$p" ]; do rest="/$(basename "$p")$rest"; p=$(dirname "$p"); done
    printf '%s%s\n' "$(cd "$p" && pwd -P)" "$rest"
}
inside_repo() { case "$1/" in "$repo"/*) return 0 ;; *) return 1 ;; esac; }
PY=$(canon "${PY:-$repo/../dhvenv/bin/python}")
if [ "$mode" = smoke ]; then WORK=$(canon "${WORK:-$repo/../dhwork-smoke}")
else WORK=$(canon "${WORK:-$repo/../dhwork}"); fi
if [ "$mode" = smoke ]; then MODEL=$(canon "${MODEL:-$WORK/shapes-dh-ext-smoke.safetensors}")
else MODEL=$(canon "${MODEL:-$repo/Samples/models/shapes-dh-ext.safetensors}"); fi
shipped="$repo/Samples/models/shapes-dh-ext.safetensors"

[ -x "$PY" ] || { echo "no Python at $PY: python3 -m venv ../dhvenv && ../dhvenv/bin/pip install -r Tools/requirements.txt (or set PY)" >&2; exit 1; }
# 5500 scenes and the checkpoints would otherwise show up in git status
inside_repo "$WORK" && { echo "WORK ($WORK) must be outside the repository" >&2; exit 2; }
if [ "$mode" = smoke ]; then
    inside_repo "$MODEL" && { echo "SMOKE=1 must not write into the repository: MODEL=$MODEL" >&2; exit 2; }
    # Byte code of Tools/*.py goes to WORK, so a smoke run leaves the clone as it was.
    export PYTHONPYCACHEPREFIX="$WORK/pycache"
fi
mkdir -p "$WORK" "$(dirname "$MODEL")"
stamp="$WORK/RECIPE_MODE"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$mode" ]; then
    echo "$WORK holds a $(cat "$stamp") run; use another WORK for a $mode run" >&2; exit 2
fi
echo "$mode" > "$stamp"

# Smoke settings are appended after the recipe's own flags (argparse keeps the last value),
# so the full recipe's command lines stay exactly as the model card lists them.
if [ "$mode" = smoke ]; then
    n_train=40 n_val=10
    # 10 iterations, so train.py logs losses once; the 2-minute budget bounds a busy machine
    smoke_train=(--iters 10 --time-budget-min 2 --warmup 5 --warmup-s 10 --precise-bn-batches 4)
    smoke_pretrain=(--minutes 1)
else
    n_train=5000 n_val=500
    smoke_train=() smoke_pretrain=()
fi

cd "$repo/Tools"
t_all=$SECONDS
t_step=$SECONDS
timings=()
step() {
    end_step
    current=$1
    t_step=$SECONDS
    printf '\n== %s (%s)\n' "$2" "$(date -u +%H:%M:%S)"
}
end_step() {
    if [ -n "${current:-}" ]; then timings+=("$current $((SECONDS - t_step)) s"); fi
}
echo "mode $mode; PY $PY; WORK $WORK; MODEL $MODEL"

step data "data: $n_train training scenes (seed 1), $n_val held-out scenes (seed 2)"
[ -f "$WORK/data/train/annotations.json" ] || "$PY" shapes.py --out "$WORK/data/train" --count "$n_train" --seed 1 --prefix train
[ -f "$WORK/data/val/annotations.json" ] || "$PY" shapes.py --out "$WORK/data/val" --count "$n_val" --seed 2 --prefix val

step stage1 "stage 1: the detector from scratch (114 min; resumes from run1/latest.pth)"
[ -f "$WORK/run1/final.pth" ] || "$PY" -W ignore train.py --data "$WORK/data/train" --work "$WORK/run1" \
    --iters 20000 --lr 2e-3 --batch 4 --rcnn-num 64 --train-nms-pre 1000 --train-max-per-img 500 --time-budget-min 114 \
    ${smoke_train[@]+"${smoke_train[@]}"}

step stage2 "stage 2: the backbone pre-trained on crops of the generated objects (22 min)"
[ -f "$WORK/pretrain/backbone.pth" ] || "$PY" -W ignore pretrain.py --data "$WORK/data/train" --val "$WORK/data/val" \
    --out "$WORK/pretrain" --minutes 22 --init "$WORK/run1/latest.pth" \
    ${smoke_pretrain[@]+"${smoke_pretrain[@]}"}

step stage3 "stage 3: the detector fine-tuned with that backbone (55 min; resumes from run2/latest.pth)"
[ -f "$WORK/run2/final.pth" ] || "$PY" -W ignore train.py --data "$WORK/data/train" --work "$WORK/run2" \
    --init-model "$WORK/run1/latest.pth" --init-backbone "$WORK/pretrain/backbone.pth" --iters 40000 --lr 1.5e-3 \
    --batch 4 --rcnn-num 64 --train-nms-pre 1000 --train-max-per-img 500 --time-budget-min 55 --warmup-s 90 \
    ${smoke_train[@]+"${smoke_train[@]}"}

step export "export (F16 safetensors, 200 test-time proposals) to $MODEL"
"$PY" export.py --ckpt "$WORK/run2/final.pth" --out "$MODEL" --dtype F16 --rpn-max-per-img 200

step eval "evaluation of every variant on the held-out scenes"
"$PY" evaluate.py --model "$MODEL" --data "$WORK/data/val" --out "$WORK/eval"

step fixtures "demo fixtures for the parity tests"
# fixtures.py demo always reads the shipped model and rewrites Tests/Fixtures/demo, which the
# Swift parity tests compare with that model: only a full run that replaced it may do this.
if [ "$mode" = smoke ]; then
    echo "skipped: SMOKE=1 writes nothing into the repository"
elif [ "$MODEL" != "$shipped" ]; then
    echo "skipped: MODEL is not $shipped, which the fixtures describe"
else
    "$PY" fixtures.py demo
fi
end_step
current=
printf '\n== timings\n'
printf '%s\n' "${timings[@]}" "total $((SECONDS - t_all)) s"
echo "done ($mode): $MODEL; metrics in $WORK/eval"
