#!/usr/bin/env bash
# Starts the whole service: a Hardhat node, the contract deployed to it, and the API.
# Ctrl-C stops everything this script started.
#   DC_RPC_PORT (default 8545), DC_API_URL (default http://127.0.0.1:5080)
# Run again while a chain answers at the RPC URL, it uses that chain and, if the chain still holds the
# contract of deployments/localhost.json, that contract and its data folder: only the API is new.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RPC_PORT="${DC_RPC_PORT:-8545}"
RPC_URL="http://127.0.0.1:${RPC_PORT}"
API_URL="${DC_API_URL:-http://127.0.0.1:5080}"
RUN_DIR="$ROOT/.run"
mkdir -p "$RUN_DIR" "$ROOT/deployments"

pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping (${pids[*]})"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

ensure_tools
ensure_npm_packages
compile_contracts
ensure_dotnet_build

if rpc_answers "$RPC_URL"; then
  log "a chain already answers at $RPC_URL: using it (it is not stopped on exit)"
else
  log "starting Hardhat node at $RPC_URL (log: .run/node.log)"
  start_hardhat_node "$RPC_PORT" "$RUN_DIR/node.log" || exit 1
fi

log "deploying DigitalCollection (unless the chain still holds deployments/localhost.json)"
(cd "$ROOT" && DC_RPC_URL="$RPC_URL" DC_BASE_URI="$API_URL/api/v1/metadata/" DC_REUSE_DEPLOYMENT=1 \
  DC_DEPLOYMENT_FILE="$ROOT/deployments/localhost.json" npx --no-install hardhat run scripts/deploy.js --network localhost) >&2

# Data per deployment (chain id, genesis, contract): a fresh Hardhat chain starts with a clean index and
# outbox, and an older chain's data stays where it was (never read for another chain).
DEPLOYMENT_ID="$(node -e 'const d=require(process.argv[1]); console.log(`${d.chainId}-${String(d.genesisHash).slice(2,12)}-${d.contractAddress.slice(2,12).toLowerCase()}`)' "$ROOT/deployments/localhost.json")"
DATA_DIR="${DC_DATA_DIR:-$ROOT/data/$DEPLOYMENT_ID}"
mkdir -p "$DATA_DIR"

log "starting the API at $API_URL (data: ${DATA_DIR#$ROOT/}, log: .run/api.log)"
(cd "$ROOT" && exec env \
  Chain__RpcUrl="$RPC_URL" \
  Chain__DeploymentFile="$ROOT/deployments/localhost.json" \
  Storage__DataDirectory="$DATA_DIR" \
  dotnet "src/DigitalCollections.Api/bin/${CONFIGURATION:-Debug}/net10.0/DigitalCollections.Api.dll" --urls "$API_URL") >"$RUN_DIR/api.log" 2>&1 &
API_PID=$!
pids+=("$API_PID")
echo "$API_PID" >"$RUN_DIR/api.pid"
if ! wait_for_http "$API_URL/health/ready" 120; then
  log "the API did not become ready; last lines of .run/api.log:"
  tail -n 30 "$RUN_DIR/api.log" >&2
  exit 1
fi

cat <<MSG

  DigitalCollections is running.
    API      $API_URL
    Swagger  $API_URL/swagger
    Chain    $RPC_URL (chain id 31337), contract $(grep -o '"contractAddress": *"[^"]*"' "$ROOT/deployments/localhost.json" | grep -o '0x[0-9a-fA-F]*')
  Press Ctrl-C to stop.

MSG
wait "$API_PID" || true
if [ -n "${NODE_PID:-}" ] && alive "$NODE_PID"; then
  # The API stopped on its own (a crash, a kill): the chain and the data stay for the next API.
  log "the API stopped (see .run/api.log); the chain keeps running. Start the API again with scripts/start.sh in another shell (it reuses the deployment and the data folder); Ctrl-C here stops the chain."
  wait "$NODE_PID" || true
fi
