#!/usr/bin/env bash
# Speed of `dhscope render` against chafa on the same image and grid, in one run.
# Usage: Tools/bench/render_speed.sh IMAGE [COLSxROWS]   (needs chafa and hyperfine)
# Reports: dhscope's in-process decode/render split (bench render), and whole-process
# wall times of both tools (decode included) with their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
img=$1; size=${2:-200x60}
BIN=${DHSCOPE:-.build/release/dhscope}
"$BIN" bench render "$img" --size "$size" --symbols sextant --colors truecolor --iterations 50
hyperfine -N -w 3 -r 30 --export-json /tmp/dhscope-render-speed.json \
  "chafa -f symbols --symbols sextant -c full --size $size --stretch $img" \
  "$BIN render $img --size $size --stretch --symbols sextant --colors truecolor" > /dev/null
python3 - <<'PY'
import json
r = json.load(open("/tmp/dhscope-render-speed.json"))["results"]
c, d = r[0]["median"] * 1000, r[1]["median"] * 1000
print(f"whole process (decode included), median of 30: chafa {c:.1f} ms, dhscope {d:.1f} ms, dhscope/chafa = {d / c:.2f}")
PY
