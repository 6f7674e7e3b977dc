#!/usr/bin/env bash
# The index's backfill, two API builds against one chain: builds BENCH_AB_TOKENS works (and BENCH_AB_TRANSFERS
# transfers) once on its own Hardhat node, as scripts/bench-index.sh does, then starts build A and build B in turn,
# BENCH_AB_ROUNDS times each, alternating, each on a fresh data folder, and prints how long each took from its first
# answer to `index.state: following` at the head. On a shared machine the chain build and the load vary from one
# bench-index.sh run to the next by more than a change to the indexer costs; one chain and alternating runs cancel that.
#
#   scripts/bench-backfill-ab.sh <A: API dll> <B: API dll>      e.g. a Release build of main and of a branch
#   BENCH_AB_TOKENS (30000)  BENCH_AB_TRANSFERS (500)  BENCH_AB_ROUNDS (3)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[ $# -eq 2 ] && [ -f "$1" ] && [ -f "$2" ] || { log "usage: $0 <API dll A> <API dll B>"; exit 2; }
DLL_A="$1" DLL_B="$2"
ensure_tools
ensure_npm_packages
compile_contracts

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dc-bench-ab.XXXXXX")"
pids=()
trap 'bench_cleanup 0 node.log' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

read -r NODE_PORT API_PORT <<<"$(free_ports 2)"
NODE_URL="http://127.0.0.1:$NODE_PORT"
API_URL="http://127.0.0.1:$API_PORT"
start_hardhat_node "$NODE_PORT" "$WORK_DIR/node.log" || exit 1
MINTERS="$(cd "$ROOT" && node scripts/bench-index.js addresses "0,17,18,19,4,5,6,7")"
(cd "$ROOT" && DC_RPC_URL="$NODE_URL" DC_DEPLOYMENT_FILE="$WORK_DIR/deployment.json" DC_RELAYERS="$MINTERS" \
  DC_BASE_URI="$API_URL/api/v1/metadata/" "$ROOT/node_modules/.bin/hardhat" run scripts/deploy.js --network localhost) >&2
export BENCH_INDEX_RPC_URL="$NODE_URL" BENCH_INDEX_API_URL="$API_URL" BENCH_INDEX_DEPLOYMENT="$WORK_DIR/deployment.json" \
  BENCH_INDEX_STATE="$WORK_DIR/state.json" BENCH_INDEX_SIGNER_ACCOUNTS="4,5,6,7" BENCH_INDEX_NODE_PID="$NODE_PID" \
  BENCH_INDEX_TOKENS="${BENCH_AB_TOKENS:-30000}" BENCH_INDEX_TRANSFERS="${BENCH_AB_TRANSFERS:-500}"
log "building the chain ($BENCH_INDEX_TOKENS works, $BENCH_INDEX_TRANSFERS transfers)"
(cd "$ROOT" && node scripts/bench-index.js build)
head=$(( $(curl -s -X POST -H 'content-type: application/json' \
  -d '{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber","params":[]}' "$NODE_URL" | sed -E 's/.*"result":"(0x[0-9a-f]+)".*/\1/') ))

for round in $(seq 1 "${BENCH_AB_ROUNDS:-3}"); do
  for build in A B; do
    [ "$build" = A ] && dll="$DLL_A" || dll="$DLL_B"
    start=$(date +%s%3N) answered=""
    (cd "$ROOT" && exec env -u Chain__RelayerPrivateKey -u Chain__RelayerPrivateKeys -u Storage__Provider -u Storage__ConnectionString \
      Chain__RpcUrl="$NODE_URL" Chain__DeploymentFile="$WORK_DIR/deployment.json" Storage__DataDirectory="$WORK_DIR/data-$round-$build" \
      Logging__LogLevel__Default=Warning RateLimits__Enabled=false dotnet "$dll" --urls "$API_URL") >"$WORK_DIR/api-$round-$build.log" 2>&1 &
    api=$!
    while true; do
      body=$(curl -s "$API_URL/api/v1/chain" || true)
      [ -n "$body" ] && [ -z "$answered" ] && answered=$(( $(date +%s%3N) - start ))
      at=$(sed -nE 's/.*"index":\{"state":"following","blockNumber":([0-9]+).*/\1/p' <<<"$body")
      [ -n "$at" ] && [ "$at" -ge "$head" ] && break
      kill -0 "$api" 2>/dev/null || { log "build $build exited"; tail -20 "$WORK_DIR/api-$round-$build.log" >&2; exit 1; }
      sleep 0.1
    done
    took=$(( $(date +%s%3N) - start - answered ))
    echo "round $round build $build: backfill to block $head in $took ms (answered after $answered ms; load $(cut -d' ' -f1 /proc/loadavg))"
    kill "$api"; wait "$api" 2>/dev/null || true
  done
done
