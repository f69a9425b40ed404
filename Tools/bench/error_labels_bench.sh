#!/usr/bin/env bash
# Error labels at COCO scale (issue 13): `dhscope eval` with TIDE, per-detection labels,
# confusion matrix and PR curves against pycocotools + tidecv + the same Python as
# Tools/fixtures/make_error_fixtures.py, on the same generated files, in one run,
# alternating; then checks that both sides agree (AP, TIDE counts and dAP, every label and
# miss, the confusion matrix, the PR curves).
# Usage: Tools/bench/error_labels_bench.sh [ROUNDS]      (default 3; the medians are reported)
# Environment (all optional):
#   PY             python with pycocotools and tidecv (default ../dhvenv/bin/python, beside
#                  the repository; tidecv: pip install --no-deps -r Tools/requirements-tide.txt)
#   DHSCOPE        dhscope binary as is (default: swift build -c release, which builds
#                  .build/release/dhscope when it is missing or stale)
#   EVALBENCH_DIR  data and outputs (default ${TMPDIR:-/tmp}/dhscope-evalbench); the generated
#                  files (5,000 images, ~36,000 boxes, 500,000 detections, ~60 MB) are reused
#                  while their parameters match
#   IMAGES, SEED   the generated case (default 5000, 2025)
# Needs GNU time at /usr/bin/time for dhscope's wall time, CPU time and peak RSS (the Python
# process measures its own, up to the end of its timed parts).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
PY=${PY:-../dhvenv/bin/python}
DIR=${EVALBENCH_DIR:-${TMPDIR:-/tmp}/dhscope-evalbench}
command -v "$PY" >/dev/null || { echo "no Python at $PY (set PY)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }
if [ -n "${DHSCOPE:-}" ]; then
  BIN=$DHSCOPE
else
  swift build -c release --product dhscope >/dev/null
  BIN=.build/release/dhscope
fi
"$PY" Tools/bench/error_labels_bench.py generate --dir "$DIR" --images "${IMAGES:-5000}" --seed "${SEED:-2025}"
gt=$DIR/gt.json; res=$DIR/results.json; out=$DIR/out
mkdir -p "$out"
rm -f "$out"/python-*.json  # no stale timings or checks in the table
# One timed dhscope run: NAME ROUND ARGS...; its report, timings and stderr go to $out.
dh() {
  local name=$1 r=$2; shift 2
  /usr/bin/time -v -o "$out/time-$name-$r.txt" "$BIN" eval --gt "$gt" --results "$res" --json "$@" \
    > "$out/report-$name.json" 2> "$out/stderr-$name-$r.txt" \
    || { cat "$out/stderr-$name-$r.txt" >&2; exit 1; }
}
# The outputs go to $out, outside the repository; each round overwrites the last.
for r in $(seq "$rounds"); do
  dh full "$r" --errors "$out/errors.jsonl" --confusion "$out/confusion.json" --pr-curves "$out/pr.json"
  dh ap "$r" --no-tide
  # Round 1 also checks dhscope's outputs of that round, after its own timings are taken.
  check=()
  if [ "$r" = 1 ]; then check=(--check "$out"); fi
  "$PY" Tools/bench/error_labels_bench.py python --gt "$gt" --results "$res" --out "$out/python-$r.json" "${check[@]}"
  echo "round $r: $(cat "$out/stderr-full-$r.txt")"
done
"$PY" Tools/bench/error_labels_bench.py table --dir "$out" --rounds "$rounds"
