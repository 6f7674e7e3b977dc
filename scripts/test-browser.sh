#!/usr/bin/env bash
# Browser tests of the web pages (tests/browser/*.test.js): headless Debian Chromium driven by the npm playwright-core,
# against the real API (the built dll) and a real Hardhat node, both started by the tests on free ports and
# stopped at the end. Installs what is missing (npm packages, Chromium), builds, runs them.
# Screenshots land in tests/browser/output/; DC_UPDATE_SCREENSHOTS=1 also copies the verify result and the
# work page to docs/screenshots/ (the README shows those). Ends with one line: "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
set -e
ensure_tools
ensure_npm_packages
ensure_chromium
compile_contracts
ensure_dotnet_build
set +e

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
rm -rf "$ROOT/tests/browser/output"

log "browser tests (tests/browser) with $DC_CHROMIUM"
# One file at a time: each starts its own Chromium (and most their own node and API). The flag keeps Node quiet about importing
# the pages' ES modules (wwwroot/js has no package.json saying "module").
(cd "$ROOT" && node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$out/tap.txt" tests/browser/*.test.js) 2>&1
status=$?

passed=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$out/tap.txt" | tail -1)
failed=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$out/tap.txt" | tail -1)
cancelled=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$out/tap.txt" | tail -1)
if [ -z "$passed" ]; then log "no test summary from node --test"; status=1; fi
failed=$(( ${failed:-0} + ${cancelled:-0} ))
[ "$failed" -eq 0 ] || status=1

if [ "${DC_UPDATE_SCREENSHOTS:-0}" = 1 ] && [ "$status" -eq 0 ]; then
  mkdir -p "$ROOT/docs/screenshots"
  cp "$ROOT/tests/browser/output/verify-registered.png" "$ROOT/docs/screenshots/verify.png"
  cp "$ROOT/tests/browser/output/work-timeline.png" "$ROOT/docs/screenshots/work.png"
  log "updated docs/screenshots/verify.png and work.png"
fi

echo "${passed:-0} passed, $failed failed"
exit "$status"
