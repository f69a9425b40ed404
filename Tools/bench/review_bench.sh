#!/usr/bin/env bash
# The browser's dataset review at COCO scale (issue 13): `dhscope bench review` on 5,000
# images (~36,000 boxes, 80 categories, 100 detections per image) with five head variants
# derived from one results file, built in a release build; prints the build time split by
# part and the time of next-error lookups.
# Usage: Tools/bench/review_bench.sh [ROUNDS]      (default 5; the medians are reported)
# Environment (all optional):
#   PY          python for the generator (default ../dhvenv/bin/python, beside the repository;
#               the generator needs only the standard library)
#   DHSCOPE     dhscope binary as is (default: swift build -c release, which builds
#               .build/release/dhscope when it is missing or stale)
#   REVIEWBENCH_DIR  data (default ${TMPDIR:-/tmp}/dhscope-reviewbench); the generated files
#               (Tools/bench/error_labels_bench.py generate, ~60 MB) are reused while their
#               parameters match
#   IMAGES, SEED, VARIANTS, LOOKUPS  (default 5000, 2025, 5, 1000)
#   JSON=1      print bench review's JSON instead of its text
#   STORE       the analysis store the detections are written to once and read back from before
#               each build, as the browser reopens a dataset (default $REVIEWBENCH_DIR/store;
#               STORE=none builds from memory only)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
PY=${PY:-../dhvenv/bin/python}
DIR=${REVIEWBENCH_DIR:-${TMPDIR:-/tmp}/dhscope-reviewbench}
command -v "$PY" >/dev/null || { echo "no Python at $PY (set PY)" >&2; exit 1; }
if [ -n "${DHSCOPE:-}" ]; then
  BIN=$DHSCOPE
else
  swift build -c release --product dhscope >/dev/null
  BIN=.build/release/dhscope
fi
"$PY" Tools/bench/error_labels_bench.py generate --dir "$DIR" --images "${IMAGES:-5000}" --seed "${SEED:-2025}"
json=()
if [ "${JSON:-0}" = 1 ]; then json=(--json); fi
store=(--store "${STORE:-$DIR/store}")
if [ "${STORE:-}" = none ]; then store=(); fi
"$BIN" bench review --gt "$DIR/gt.json" --results "$DIR/results.json" --variants "${VARIANTS:-5}" \
  --rounds "$rounds" --lookups "${LOOKUPS:-1000}" "${store[@]}" "${json[@]}"
