#!/usr/bin/env bash
# dhscope vs the PyTorch reference on the full-size R50-FPN Double-Head-Ext (formula weights),
# the same pattern image and the same fixed proposals, measured in one run, alternating.
# Prints the whole model and every stage side by side (medians over the rounds, and the median
# of the per-round ratios, which a load change between rounds disturbs less), the conv head's
# effective GFLOP/s (direct-convolution FLOPs) on both sides against OpenBLAS sgemm's peak
# measured in the same dhscope run, and dhscope's peak RSS.
# Usage: Tools/bench/detector_vs_pytorch.sh [WxH] [PROPOSALS] [ROUNDS]   (PY = python with torch)
set -euo pipefail
cd "$(dirname "$0")/../.."
size=${1:-1216x800}; proposals=${2:-1000}; rounds=${3:-3}
PY=${PY:-python3}
BIN=${DHSCOPE:-.build/release/dhscope}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$rounds"); do
  "$BIN" bench --arch r50-fpn --size "$size" --proposals "$proposals" --iterations 1 --sgemm-peak --json > "$out/swift-$r.json"
  "$PY" Tools/bench/detector_bench.py --size "$size" --proposals "$proposals" --threads 2 --iterations 1 --json > "$out/torch-$r.json"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$PY" - "$rounds" "$out" <<'PY'
import json, statistics, sys
n, out = int(sys.argv[1]), sys.argv[2]
s = [json.load(open(f"{out}/swift-{r}.json")) for r in range(1, n + 1)]
t = [json.load(open(f"{out}/torch-{r}.json")) for r in range(1, n + 1)]
med = statistics.median
print(f"R50-FPN Double-Head-Ext, input {s[0]['input']}, {s[0]['rois']} RoIs, 2 threads, {n} alternating rounds (medians)")
print(f"  {'stage':12s} {'dhscope ms':>11s} {'PyTorch ms':>11s} {'ratio':>6s}")
def row(name, sw, tw):
    ratio = med(a / b for a, b in zip(sw, tw)) if all(tw) else float("nan")
    print(f"  {name:12s} {med(sw):11.1f} {med(tw):11.1f} {ratio:6.2f}")
order = ["preprocess", "backbone", "neck", "rpn", "proposals", "roi-align", "fc-head", "conv-head"]
for stage in sorted(s[0]["stages_ms"], key=lambda k: order.index(k) if k in order else len(order)):
    if all(stage in x["ms"] for x in t):
        row(stage, [x["stages_ms"][stage] for x in s], [x["ms"][stage] for x in t])
row("total", [x["wall_ms"] for x in s], [x["ms"]["total"] for x in t])
gflop = s[0]["conv_head_gflop"]
sg = med(x["conv_head_gflops"] for x in s)
tg = med(gflop / (x["ms"]["conv-head"] / 1000) for x in t)
peak = med(x["sgemm_peak_gflops"] for x in s)
print(f"  conv head: {gflop} GFLOP (direct convolution); dhscope {sg:.1f} GFLOP/s, PyTorch {t[0]['torch']} {tg:.1f} GFLOP/s;"
      f" OpenBLAS sgemm peak {peak:.1f} GFLOP/s ({s[0].get('blas_core')} kernels); dhscope/peak {sg / peak:.2f}")
rss = [x.get("peak_rss_mb") for x in s]
if all(v is not None for v in rss):
    print(f"  dhscope peak RSS {max(rss):.0f} MB")
print("  dhscope post-processing per variant (ms): " + ", ".join(f"{k} {v:.2f}" for k, v in s[0]["postprocess_ms"].items()))
PY
