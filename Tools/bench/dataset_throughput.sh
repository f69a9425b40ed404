#!/usr/bin/env bash
# A folder of images through the detector, two ways, from one run:
#   1. dhscope bench dataset: images per second decoding each image before its network
#      (sequential) against decoding the next image while the network runs (pipelined),
#      in one process, rounds alternated;
#   2. the whole process of `dhscope detect FOLDER --no-store` (start, model loading,
#      decoding, the network, writing), median wall time of RUNS runs; with
#      DHSCOPE_BASELINE=path/to/another/dhscope, that binary's runs alternate with these and
#      the ratio is printed (before/after a change).
# Build first: swift build -c release. Usage (from anywhere):
#   Tools/bench/dataset_throughput.sh [FOLDER (default Samples/images)] [RUNS (default 9)]
# Environment: DHSCOPE_BIN (default .build/release/dhscope), DHSCOPE_BASELINE (optional).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${DHSCOPE_BIN:-.build/release/dhscope}
baseline=${DHSCOPE_BASELINE:-}
folder=${1:-Samples/images}
runs=${2:-9}
[ -x "$bin" ] || { echo "no $bin: run swift build -c release first (or set DHSCOPE_BIN)" >&2; exit 1; }

echo "load before: $(uptime)"
"$bin" bench dataset "$folder" --rounds 3

# Wall seconds of one whole `detect` process.
seconds() {
  local start end
  start=$(date +%s.%N)
  "$1" detect "$folder" --no-store > /dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

images=$(find "$folder" -maxdepth 1 -type f \( -iname '*.png' -o -iname '*.jpg' -o -iname '*.jpeg' \) | wc -l)
these=() those=()
for _ in $(seq "$runs"); do
  these+=("$(seconds "$bin")")
  [ -n "$baseline" ] && those+=("$(seconds "$baseline")")
done
now=$(printf '%s\n' "${these[@]}" | median)
echo "whole process, $images images: $bin detect $folder --no-store: median $now s of $runs runs ($(awk -v s="$now" -v n="$images" 'BEGIN { printf "%.1f", n / s }') images/s)"
if [ -n "$baseline" ]; then
  before=$(printf '%s\n' "${those[@]}" | median)
  echo "whole process, $images images: $baseline detect $folder --no-store: median $before s of $runs runs (alternated)"
  awk -v a="$before" -v b="$now" 'BEGIN { printf "ratio baseline / this: %.2fx\n", a / b }'
fi
echo "load after: $(uptime)"
