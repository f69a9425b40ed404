#!/usr/bin/env bash
# dhscope vs the PyTorch reference on the full-size R50-FPN Double-Head-Ext (formula weights),
# the same pattern image and the same fixed proposals, measured in one run, alternating.
# Usage: Tools/bench/detector_vs_pytorch.sh [WxH] [PROPOSALS] [ROUNDS]   (PY = python with torch)
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-1216x800}; proposals=${2:-1000}; rounds=${3:-3}
PY=${PY:-python3}
BIN=${DHSCOPE:-.build/release/dhscope}
for r in $(seq "$rounds"); do
  "$BIN" bench --arch r50-fpn --size "$size" --proposals "$proposals" --iterations 1 --sgemm-peak --json > "/tmp/dh-bench-swift-$r.json"
  "$PY" Tools/bench/detector_bench.py --size "$size" --proposals "$proposals" --threads 2 --iterations 1 --json > "/tmp/dh-bench-torch-$r.json"
done
"$PY" - "$rounds" <<'PY'
import json, statistics, sys
n = int(sys.argv[1])
s = [json.load(open(f"/tmp/dh-bench-swift-{r}.json")) for r in range(1, n + 1)]
t = [json.load(open(f"/tmp/dh-bench-torch-{r}.json")) for r in range(1, n + 1)]
sw = statistics.median(x["wall_ms"] for x in s); tw = statistics.median(x["ms"]["total"] for x in t)
print(f"R50-FPN Double-Head-Ext, input {s[0]['input']}, {s[0]['rois']} RoIs, 2 threads, median of {n} alternating rounds")
print(f"  dhscope {sw:9.1f} ms   PyTorch {t[0]['torch']} {tw:9.1f} ms   ratio dhscope/PyTorch = {sw / tw:.2f}")
st = s[0]["stages_ms"]
print("  dhscope stages: " + ", ".join(f"{k} {v:.0f}" for k, v in st.items()))
print("  PyTorch stages: " + ", ".join(f"{k} {statistics.median(x['ms'][k] for x in t):.0f}" for k in t[0]["ms"] if k not in ("total", "rois")))
print(f"  conv head: {s[0]['conv_head_gflop']} GFLOP at {statistics.median(x['conv_head_gflops'] for x in s):.1f} GFLOP/s (dhscope); OpenBLAS sgemm peak {statistics.median(x['sgemm_peak_gflops'] for x in s):.1f} GFLOP/s")
print("  dhscope post-processing per variant (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in s[0]["postprocess_ms"].items()))
PY
