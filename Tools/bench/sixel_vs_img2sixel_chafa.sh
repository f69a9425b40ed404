#!/usr/bin/env bash
# Sixel encoding of a 1920x1080 photo into ~800x450: dhscope render --pixels sixel against
# img2sixel (Debian's libsixel-bin) and chafa -f sixel, in one run: median wall time of whole
# processes, bytes, PSNR and CIEDE2000 of the decoded image against the source resized by area
# averaging (sixel_bench.py says how). The photo is made at bench time (make_photo.py: a
# mosaic of the four sample photos, upscaled, with grain); pass your own as $1 instead.
# Environment: DHSCOPE (default .build/release/dhscope), PY (python3 with numpy, Pillow,
# scikit-image; default python3), RUNS (default 7).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${DHSCOPE:-.build/release/dhscope}
PY=${PY:-python3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
photo=${1:-}
if [ -z "$photo" ]; then
  photo="$tmp/photo-1920x1080.jpg"
  "$PY" Tools/bench/make_photo.py Samples/images "$photo"
fi
"$PY" Tools/bench/sixel_bench.py "$photo" "$BIN" --runs "${RUNS:-7}"
