#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer, and the concurrent parts (DetectorService, the
# TUI's worker bridge, the conv head's concurrent parts) under ThreadSanitizer, each in its own build folder.
#   Tools/sanitize.sh [address|thread|both]
set -euo pipefail
cd "$(dirname "$0")/.."
which=${1:-both}
# Leaks inside swift-corelibs-foundation and XCTest (third-party; listed in Fuzz/lsan.supp) are suppressed.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0}
if [ "$which" = address ] || [ "$which" = both ]; then
  swift test --sanitize=address --scratch-path .build-asan --skip TmuxEndToEndTests
fi
if [ "$which" = thread ] || [ "$which" = both ]; then
  swift test --sanitize=thread --scratch-path .build-tsan --filter 'DetectorServiceTests|BrowserTests|DemoParityTests|VariantOutcomeTests'
fi
