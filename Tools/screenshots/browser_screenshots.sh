#!/usr/bin/env bash
# Screenshots of the browser in a real xterm (Debian's, -ti vt340, 256 sixel colour registers)
# under Xvfb: with real pixels (--pixels sixel) and with block characters (--pixels off), on
# the same image, cropped to the terminal. Needs xvfb, xterm and imagemagick.
# Usage: Tools/screenshots/browser_screenshots.sh [OUT_DIR] [IMAGE]   (default: docs, a sample scene)
# Environment: DHSCOPE (default .build/release/dhscope), COLUMNS_ROWS (default 140x42),
# BLOCKS (default --symbols half). Both run with COLORTERM=truecolor (xterm has direct colour).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$(realpath "${DHSCOPE:-.build/release/dhscope}")
OUT=${1:-docs}
IMAGE=${2:-Samples/images/shapes_s3_00003.png}
SIZE=${COLUMNS_ROWS:-140x42}
# xterm's default font has the half blocks but not the sextants.
BLOCKS=${BLOCKS:---symbols half}
cols=${SIZE%x*}; rows=${SIZE#*x}
display=":$((200 + RANDOM % 200))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
shot() {  # shot PIXELS OUTFILE
  xterm -display "$display" -ti vt340 -xrm '*decTerminalID: vt340' -xrm '*numColorRegisters: 256' \
    -geometry "${cols}x${rows}+0+0" -bg black -fg white \
    -e sh -c "COLORTERM=truecolor $BIN browse $IMAGE --pixels $1 $BLOCKS; sleep 60" & local term=$!
  sleep 6
  # xterm's default font is 6x13 pixels a cell, with a 2-pixel border.
  import -display "$display" -window root -crop "$((cols * 6 + 4))x$((rows * 13 + 4))+0+0" +repage "$2"
  kill $term 2>/dev/null || true
  wait $term 2>/dev/null || true
}
shot sixel "$OUT/pixel-browser.png"
shot off "$OUT/block-browser.png"
echo "wrote $OUT/pixel-browser.png and $OUT/block-browser.png"
