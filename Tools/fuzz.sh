#!/usr/bin/env bash
# Builds dhscope's libFuzzer targets (Fuzz/, AddressSanitizer + coverage on every Swift and C
# module) and runs each campaign for a fixed number of executions or seconds, whichever
# comes first, two at a time. Prints one row per campaign: executions, seconds, crashes
# (crash, leak, timeout > 1 s, out-of-memory), corpus size. Findings are kept in
# .build-fuzz/artifacts/<campaign>/; the grown corpora in .build-fuzz/corpus/<campaign>/.
#
#   Tools/fuzz.sh [--runs N] [--seconds S] [campaign ...]
#   Tools/fuzz.sh --runs 1000000 --seconds 600          # the full campaign of issue 7
#   Tools/fuzz.sh --runs 20000 --seconds 30 theme       # a quick check of one target
#
# Campaigns: checkpoint-safetensors checkpoint-torch-zip checkpoint-torch-legacy image-jpeg
# image-png gt-coco gt-voc gt-yolo coco-results theme ansi-writer
set -euo pipefail
cd "$(dirname "$0")/.."
runs=1000000
seconds=600
campaigns=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) campaigns+=("$1"); shift ;;
  esac
done
declare -A target=(
  [checkpoint-safetensors]=FuzzCheckpoint [checkpoint-torch-zip]=FuzzCheckpoint
  [checkpoint-torch-legacy]=FuzzCheckpoint [image-jpeg]=FuzzImage [image-png]=FuzzImage
  [gt-coco]=FuzzCOCO [gt-voc]=FuzzVOC [gt-yolo]=FuzzYOLO [coco-results]=FuzzResults
  [theme]=FuzzTheme [ansi-writer]=FuzzAnsi)
declare -A maxlen=(
  [checkpoint-safetensors]=16384 [checkpoint-torch-zip]=16384 [checkpoint-torch-legacy]=16384
  [image-jpeg]=16384 [image-png]=16384 [gt-coco]=8192 [coco-results]=8192)
if [ ${#campaigns[@]} -eq 0 ]; then
  campaigns=(checkpoint-safetensors checkpoint-torch-zip checkpoint-torch-legacy image-jpeg image-png
             gt-coco gt-voc gt-yolo coco-results theme ansi-writer)
fi
for c in "${campaigns[@]}"; do
  [ -n "${target[$c]:-}" ] || { echo "unknown campaign $c" >&2; exit 2; }
done

scratch=.build-fuzz
echo "building the fuzz targets (release, ASan, libFuzzer) ..." >&2
swift build --package-path Fuzz --scratch-path "$scratch" -c release \
  --sanitize fuzzer --sanitize address \
  -Xswiftc -parse-as-library \
  -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
  -Xcc -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp >&2
bin=$(swift build --package-path Fuzz --scratch-path "$scratch" -c release --show-bin-path \
  --sanitize fuzzer --sanitize address)

export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}
run_one() {
  local c=$1 t=${target[$1]}
  local work="$scratch/corpus/$c" art="$scratch/artifacts/$c" log="$scratch/logs/$c.log"
  mkdir -p "$work" "$art" "$(dirname "$log")"
  rm -f "$art"/crash-* "$art"/leak-* "$art"/timeout-* "$art"/oom-*
  local start=$(date +%s.%N)
  set +e
  "$bin/$t" "$work" "Fuzz/Corpus/$c" -runs="$runs" -max_total_time="$seconds" -timeout=1 \
    -rss_limit_mb=2048 -max_len="${maxlen[$c]:-4096}" -artifact_prefix="$art/" -print_final_stats=1 \
    > "$log" 2>&1
  local status=$?
  set -e
  local end=$(date +%s.%N)
  local execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  local found=$(ls "$art" | grep -cE '^(crash|leak|timeout|oom|slow-unit)-' || true)
  printf '%-24s %-15s %10s %8.0f %7s %7s %6s\n' "$c" "$t" "${execs:-?}" "$(echo "$end - $start" | bc)" \
    "$found" "$(ls "$work" | wc -l)" "$status"
}
printf '%-24s %-15s %10s %8s %7s %7s %6s\n' campaign target executions seconds crashes corpus exit
i=0
for c in "${campaigns[@]}"; do
  run_one "$c" &
  i=$((i + 1))
  if [ $((i % 2)) -eq 0 ]; then wait; fi
done
wait
