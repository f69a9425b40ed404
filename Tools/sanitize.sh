#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer, and the concurrent parts (DetectorService, the
# TUI's worker bridge) under ThreadSanitizer, each in its own build folder.
#   Tools/sanitize.sh [address|thread|both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
if [ "$which" = address ] || [ "$which" = both ]; then
  swift test --sanitize=address --scratch-path .build-asan --skip TmuxEndToEndTests
fi
if [ "$which" = thread ] || [ "$which" = both ]; then
  swift test --sanitize=thread --scratch-path .build-tsan --filter 'DetectorServiceTests|BrowserTests'
fi
