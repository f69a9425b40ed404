#!/usr/bin/env bash
# Fidelity of dhscope render against chafa, measured by cellfidelity.py (8x16 cells, 100x40,
# --stretch on both sides): PSNR (dB, higher is better) and mean CIEDE2000 after a 4x4 blur
# (de2000, lower is better), for each symbol set and colour mode.
# Usage: Tools/bench/fidelity.sh IMAGE...
# Environment (all optional):
#   DHSCOPE      dhscope binary (default .build/release/dhscope)
#   CHAFA        chafa binary (default chafa)
#   PY           python3 with numpy and Pillow (default python3)
#   CELLFIDELITY the measuring tool (default ../shared/tools/cellfidelity.py)
#   SYMBOLS      symbol sets (default "half quad sextant")
#   COLORS       colour modes (default "truecolor 256 16")
#   DH_ARGS      extra dhscope render arguments, e.g. "--quantize perceptual"
#   CHAFA_ARGS   extra chafa arguments, e.g. "--color-space din99d" (its perceptual mode)
# The last column is dhscope's de2000 minus chafa's: negative means dhscope is closer.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-python3}
TOOL=${CELLFIDELITY:-../shared/tools/cellfidelity.py}
BIN=${DHSCOPE:-.build/release/dhscope}
CHAFA=${CHAFA:-chafa}
SYMBOLS=${SYMBOLS:-half quad sextant}
COLORS=${COLORS:-truecolor 256 16}
read -r -a extra <<< "${DH_ARGS:-}"
read -r -a chafa_extra <<< "${CHAFA_ARGS:-}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# "psnr de2000" of one rendering.
measure() { "$PY" "$TOOL" "$1" "$2" | "$PY" -c 'import json,sys; r=json.load(sys.stdin); print("%.3f %.3f" % (r["psnr"], r["de2000"]))'; }
printf "%-22s %-8s %-9s %9s %9s %9s %9s %8s\n" image symbols colors chafa_psnr dh_psnr chafa_de dh_de de_delta
for img in "$@"; do
  for s in $SYMBOLS; do
    for c in $COLORS; do
      cc=$([ "$c" = truecolor ] && echo full || echo "$c")
      "$CHAFA" -f symbols --symbols "$s" -c "$cc" --size 100x40 --stretch ${chafa_extra[@]+"${chafa_extra[@]}"} "$img" > "$tmp/c.ans"
      "$BIN" render "$img" --size 100x40 --stretch --symbols "$s" --colors "$c" ${extra[@]+"${extra[@]}"} > "$tmp/d.ans"
      read -r cp cd < <(measure "$img" "$tmp/c.ans")
      read -r dp dd < <(measure "$img" "$tmp/d.ans")
      printf "%-22s %-8s %-9s %9s %9s %9s %9s %+8.3f\n" "$(basename "$img")" "$s" "$c" "$cp" "$dp" "$cd" "$dd" \
        "$("$PY" -c "print($dd - $cd)")"
    done
  done
done
