#!/usr/bin/env bash
# Runs every test: contract tests (mocha on Hardhat) and the C# unit and integration tests
# (which start their own Hardhat nodes on free ports). Ends with one line: "N passed, M failed".
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

log "contract tests (tests/contracts)"
(cd "$ROOT" && npx --no-install hardhat test) 2>&1 | tee "$out/contracts.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
p=$(grep -Eo '^ *[0-9]+ passing' "$out/contracts.log" | grep -Eo '[0-9]+' | tail -1)
f=$(grep -Eo '^ *[0-9]+ failing' "$out/contracts.log" | grep -Eo '[0-9]+' | tail -1)
[ -n "$p" ] || { log "no mocha summary found"; status=1; }
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))

for project in DigitalCollections.UnitTests DigitalCollections.IntegrationTests; do
  log "C# tests: $project"
  (cd "$ROOT" && dotnet test "tests/$project" -c "${CONFIGURATION:-Debug}" --no-build --nologo) 2>&1 | tee "$out/$project.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  summary=$(grep -E '(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+' "$out/$project.log" | tail -1)
  if [ -z "$summary" ]; then log "no test summary for $project"; status=1; continue; fi
  f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f))
done

rm -rf "$out"
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit "$status"
