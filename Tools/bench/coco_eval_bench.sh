#!/usr/bin/env bash
# COCO evaluation speed: dhscope eval vs pycocotools vs faster-coco-eval on the same
# generated files (5,000 images x 100 detections, seeded), in the same run.
#   Tools/bench/coco_eval_bench.sh [--images N] [--per-image N] [--seed S]
# Needs ../dhvenv (or $PYTHON) with pycocotools and faster-coco-eval:
#   ../dhvenv/bin/pip install pycocotools faster-coco-eval
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-$(cd "$(dirname "$0")/../.." && pwd)/../dhvenv/bin/python}"
SCRATCH="${SCRATCH:-.build}"
swift build -c release --scratch-path "$SCRATCH" --product dhscope >/dev/null
exec "$PYTHON" Tools/bench/coco_eval_bench.py --dhscope "$SCRATCH/release/dhscope" "$@"
