#!/usr/bin/env bash
# Whole-process `dhscope render` in 256 and 16 colours against chafa, same image and grid,
# all in ONE hyperfine run (start-up, decode, fit and output included), optionally with an
# older dhscope build alongside for a before/after.
#
# Usage: Tools/bench/render_colors_vs_chafa.sh            (needs hyperfine, chafa, python3)
# Environment (all optional):
#   DHSCOPE      dhscope binary to measure          (default .build/release/dhscope)
#   DHSCOPE_OLD  older dhscope binary, also measured (default: none)
#   CHAFA        chafa binary                       (default chafa)
#   RUNS         runs per command                   (default 30)
#   SIZE         grid, columns x rows               (default 100x40)
#   IMAGES       images (default: a shapes scene, the astronaut photo, and a 1x1 PNG made here)
# Both tools draw sextants on the same stretched grid:
#   dhscope render IMG --size SIZE --stretch --symbols sextant --colors 256|16
#   chafa -f symbols --symbols sextant -c 256|16 --size SIZE --stretch IMG
# Prints mean ± sd, median and CPU times per command, and each dhscope's median over chafa's.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${DHSCOPE:-.build/release/dhscope}
OLD=${DHSCOPE_OLD:-}
CHAFA=${CHAFA:-chafa}
RUNS=${RUNS:-30}
SIZE=${SIZE:-100x40}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# A 1x1 PNG: start-up cost with next to no image work.
python3 - "$tmp/one.png" <<'PY'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"\x00\xc8\x1e\x3c")) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
read -r -a images <<< "${IMAGES:-Samples/images/shapes_s3_00000.png Samples/images/astronaut.png $tmp/one.png}"
args=()
for img in "${images[@]}"; do
  name=$(basename "$img")
  for c in 256 16; do
    [ -n "$OLD" ] && args+=(-n "old|$name|$c" "$OLD render $img --size $SIZE --stretch --symbols sextant --colors $c")
    args+=(-n "dhscope|$name|$c" "$BIN render $img --size $SIZE --stretch --symbols sextant --colors $c")
    args+=(-n "chafa|$name|$c" "$CHAFA -f symbols --symbols sextant -c $c --size $SIZE --stretch $img")
  done
done
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$tmp/runs.json" "${args[@]}" > /dev/null
python3 - "$tmp/runs.json" "$SIZE" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
print(f"whole-process render, {sys.argv[2]} sextants, median of {len(results[0]['times'])} runs each (ms)")
print(f"{'tool':8} {'image':22} {'colors':>6} {'mean ± sd':>14} {'median':>8} {'user':>7} {'system':>7} {'vs chafa':>9}")
chafa = {tuple(r["command"].split("|")[1:]): r["median"] for r in results if r["command"].startswith("chafa|")}
for r in results:
    tool, image, colors = r["command"].split("|")
    ratio = "" if tool == "chafa" else f"{r['median'] / chafa[(image, colors)]:.2f}x"
    print(f"{tool:8} {image:22} {colors:>6} {r['mean'] * 1000:7.1f} ± {r['stddev'] * 1000:4.1f} "
          f"{r['median'] * 1000:8.1f} {r['user'] * 1000:7.1f} {r['system'] * 1000:7.1f} {ratio:>9}")
PY
