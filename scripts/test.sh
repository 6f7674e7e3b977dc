#!/usr/bin/env bash
# Runs every test: contract tests (mocha on Hardhat), the JavaScript unit tests (tests/js, node --test), and the
# C# unit and integration tests (which start their own Hardhat nodes on free ports). The integration tests run once per store:
# SQLite, then PostgreSQL (a server on 127.0.0.1:${DC_PG_PORT:-55432}: used if one answers, else
# installed if missing and started from .run/pg, and stopped at the end; see ensure_postgres in lib.sh).
# DC_TEST_STORES="sqlite" skips the PostgreSQL run. Then the browser tests (scripts/test-browser.sh:
# Debian chromium, installed if missing, driven by playwright-core). Ends with one line: "N passed, M failed".
set -uo pipefail
source "$(dirname "$0")/lib.sh"
set -e
ensure_tools
ensure_npm_packages
compile_contracts
ensure_dotnet_build
set +e

passed=0; failed=0; status=0
out="$(mktemp -d)"
stores="${DC_TEST_STORES:-sqlite postgres}"
run_id="r$(date +%s)$$"
trap 'drop_test_databases "$run_id"; stop_postgres' EXIT

log "contract tests (tests/contracts)"
(cd "$ROOT" && npx --no-install hardhat test) 2>&1 | tee "$out/contracts.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
p=$(grep -Eo '^ *[0-9]+ passing' "$out/contracts.log" | grep -Eo '[0-9]+' | tail -1)
f=$(grep -Eo '^ *[0-9]+ failing' "$out/contracts.log" | grep -Eo '[0-9]+' | tail -1)
[ -n "$p" ] || { log "no mocha summary found"; status=1; }
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))

log "JavaScript unit tests (tests/js: the browser's ISCC module in Node)"
(cd "$ROOT" && node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$out/js.tap" tests/js/) 2>&1
[ $? -eq 0 ] || status=1
p=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$out/js.tap" | tail -1)
f=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$out/js.tap" | tail -1)
c=$(sed -nE 's/^# cancelled ([0-9]+)$/\1/p' "$out/js.tap" | tail -1)
[ -n "$p" ] || { log "no test summary from node --test (tests/js)"; status=1; }
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${c:-0}))

# run_dotnet_tests PROJECT STORE: one C# test project on one store (DC_TEST_STORE), its counts added up.
run_dotnet_tests() {
  local project="$1" store="$2" log_file="$out/$1.$2.log" summary f p
  log "C# tests: $project ($store)"
  (cd "$ROOT" && DC_TEST_STORE="$store" DC_TEST_RUN_ID="$run_id" \
    dotnet test "tests/$project" -c "${CONFIGURATION:-Debug}" --no-build --nologo) 2>&1 | tee "$log_file"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  summary=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$log_file" | tail -1)
  if [ -z "$summary" ]; then log "no test summary for $project ($store)"; status=1; return; fi
  f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f))
}

run_dotnet_tests DigitalCollections.UnitTests sqlite
for store in $stores; do
  case "$store" in
    sqlite) run_dotnet_tests DigitalCollections.IntegrationTests sqlite ;;
    postgres)
      if ensure_postgres; then
        run_dotnet_tests DigitalCollections.IntegrationTests postgres
        drop_test_databases "$run_id"
      else
        log "no PostgreSQL server: the integration tests on PostgreSQL did not run"; status=1
      fi ;;
    *) log "unknown store '$store' in DC_TEST_STORES (sqlite, postgres)"; status=1 ;;
  esac
done
stop_postgres

log "browser tests (tests/browser: headless Chromium against a real API and node)"
bash "$ROOT/scripts/test-browser.sh" 2>&1 | tee "$out/browser.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/browser.log" | tail -1)
if [ -z "$summary" ]; then
  log "no summary from the browser tests"; status=1
else
  passed=$((passed + $(cut -d' ' -f1 <<<"$summary"))); failed=$((failed + $(cut -d' ' -f3 <<<"$summary")))
fi

rm -rf "$out"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
