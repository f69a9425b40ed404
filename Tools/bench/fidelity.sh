#!/usr/bin/env bash
# Fidelity of dhscope render against chafa, measured by cellfidelity.py (8x16 cells, 100x40,
# --stretch on both sides), for half/quad/sextant in truecolor and 256 colours.
# Usage: Tools/bench/fidelity.sh IMAGE... (needs chafa, and python3 with numpy + Pillow as $PY)
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-python3}
TOOL=${CELLFIDELITY:-../shared/tools/cellfidelity.py}
BIN=${DHSCOPE:-.build/release/dhscope}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
psnr() { "$PY" "$TOOL" "$1" "$2" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["psnr"])'; }
printf "%-28s %-8s %-9s %8s %8s %7s\n" image symbols colors chafa dhscope delta
for img in "$@"; do
  for s in half quad sextant; do
    for c in truecolor 256; do
      cc=$([ "$c" = truecolor ] && echo full || echo 256)
      chafa -f symbols --symbols "$s" -c "$cc" --size 100x40 --stretch "$img" > "$tmp/c.ans"
      "$BIN" render "$img" --size 100x40 --stretch --symbols "$s" --colors "$c" > "$tmp/d.ans"
      a=$(psnr "$img" "$tmp/c.ans"); b=$(psnr "$img" "$tmp/d.ans")
      printf "%-28s %-8s %-9s %8s %8s %+7.3f\n" "$(basename "$img")" "$s" "$c" "$a" "$b" "$(echo "$b - $a" | bc -l)"
    done
  done
done
