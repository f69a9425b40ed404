#!/usr/bin/env bash
# Speed of `dhscope render` against chafa on the same image and grid, in true colour AND in
# 256 colours, whole process (start-up, decode, fit, output), in one script run.
#
# Usage: Tools/bench/render_speed.sh [IMAGE] [COLSxROWS]     (needs chafa, hyperfine, python3)
#   IMAGE      default: a 1920x1080 JPEG made here by make_photo.py from Samples/images
#              (needs Pillow and numpy: PYTHON, default python3)
#   COLSxROWS  default 200x60
# Environment (all optional):
#   DHSCOPE      dhscope binary to measure                    (default .build/release/dhscope)
#   DHSCOPE_OLD  an older dhscope, measured alongside, for a before/after (default: none)
#   CHAFA        chafa binary                                 (default chafa)
#   ROUNDS       rounds; each runs every command in turn      (default 5)
#   RUNS         runs per command per round                   (default 10)
#   PYTHON       python with Pillow and numpy for the photo   (default python3)
# Both tools draw sextants on the same stretched grid:
#   dhscope render IMG --size SIZE --stretch --symbols sextant --colors truecolor|256
#   chafa -f symbols --symbols sextant -c full|256 --size SIZE --stretch IMG
# Rounds alternate the tools so that other load on the machine hits both alike. Prints
# dhscope's in-process split (bench render), then per command the median wall time of all
# runs and the CPU time (user + system), and each dhscope's ratios to chafa: the median of
# the per-round ratios and their range.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${DHSCOPE:-.build/release/dhscope}
OLD=${DHSCOPE_OLD:-}
CHAFA=${CHAFA:-chafa}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-10}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
img=${1:-}
size=${2:-200x60}
if [ -z "$img" ]; then
  img=$tmp/photo.jpg
  "${PYTHON:-python3}" Tools/bench/make_photo.py Samples/images "$img"
fi
for colors in truecolor 256; do
  "$BIN" bench render "$img" --size "$size" --symbols sextant --colors "$colors" --iterations 30 --json \
    | python3 -c 'import json, sys; r = json.load(sys.stdin); print("in process, %9s: decode %.1f ms, sample %.1f, fit %.1f, write %.1f (medians of 30)" % (r["colors"], r["decode_ms"], r["sample_ms"], r["fit_ms"], r["write_ms"]))'
done
args=()
for c in truecolor 256; do
  chafa_colors=$([ "$c" = truecolor ] && echo full || echo 256)
  args+=(-n "chafa|$c" "$CHAFA -f symbols --symbols sextant -c $chafa_colors --size $size --stretch $img")
  args+=(-n "dhscope|$c" "$BIN render $img --size $size --stretch --symbols sextant --colors $c")
  [ -n "$OLD" ] && args+=(-n "old|$c" "$OLD render $img --size $size --stretch --symbols sextant --colors $c")
done
for round in $(seq "$ROUNDS"); do
  hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$tmp/round$round.json" "${args[@]}" > /dev/null
done
python3 - "$tmp" "$ROUNDS" "$size" <<'PY'
import json, statistics, sys
folder, rounds, size = sys.argv[1], int(sys.argv[2]), sys.argv[3]
times, ratios, cpu, cpu_ratios = {}, {}, {}, {}
for r in range(1, rounds + 1):
    results = {x["command"]: x for x in json.load(open(f"{folder}/round{r}.json"))["results"]}
    for name, x in results.items():
        times.setdefault(name, []).extend(x["times"])
        cpu.setdefault(name, []).append(x["user"] + x["system"])
        tool, colors = name.split("|")
        if tool != "chafa":
            peer = results[f"chafa|{colors}"]
            ratios.setdefault(name, []).append(x["median"] / peer["median"])
            cpu_ratios.setdefault(name, []).append((x["user"] + x["system"]) / (peer["user"] + peer["system"]))
def ratio(rs):
    return f"{statistics.median(rs):.2f}x ({min(rs):.2f}-{max(rs):.2f})" if rs else ""
# Wall time is what a user waits for; CPU time (user + system, means per round) is less
# sensitive to other load on the machine, which slows chafa's threads more than dhscope.
print(f"whole process, {size} sextants, {rounds} rounds x {len(times['chafa|256']) // rounds} runs; "
      f"ratios: median of the rounds' ratios (range)")
print(f"{'command':18} {'wall ms':>8} {'vs chafa':>19} {'cpu ms':>8} {'cpu vs chafa':>19}")
for name, t in times.items():
    print(f"{name:18} {statistics.median(t) * 1000:8.1f} {ratio(ratios.get(name, [])):>19} "
          f"{statistics.median(cpu[name]) * 1000:8.1f} {ratio(cpu_ratios.get(name, [])):>19}")
PY
