#!/usr/bin/env bash
# Chain-index benchmark, standalone (scripts/bench.sh may call it):
#   1. starts its own Hardhat node on a free loopback port and deploys DigitalCollection, MINTER_ROLE for the API's
#      development relayer pool (Hardhat #0, #17, #18, #19) and for the builder signers (#4 …);
#   2. builds BENCH_INDEX_TOKENS works and BENCH_INDEX_TRANSFERS transfers directly on the chain (not through the
#      API): creator-signed EIP-712 mints to a pool of random holders, holder-signed transfers, raw transactions
#      pushed in JSON-RPC batches with automine off and evm_mine'd BENCH_INDEX_MINTS_PER_BLOCK at a time (the node's
#      logging is switched off for the whole run: it costs more than the mining);
#   3. starts the API (Release build) on a fresh data folder and times the indexer's backfill: from the API's
#      start until GET /api/v1/chain says index.state = following at the build's head (2 events a mint, 1 a transfer);
#   4. times reads at that size: provenance, an owner's listing page, verify-by-hash, each next to the same question
#      answered by eth_getLogs over the chain from the deploy block;
#   5. mints at full speed with automine on while sampling the index's lag (GET /api/v1/chain index.lagBlocks);
#   6. prints a table with the targets. Exits non-zero only on errors (a missed target is not one).
# Everything it starts is stopped on exit (also on Ctrl-C or failure) and its temp folder is removed.
#
#   BENCH_INDEX_TOKENS (100000)        works to mint              BENCH_INDEX_TRANSFERS (3000)   transfers (distinct tokens)
#   BENCH_INDEX_HOLDERS (200)          random holder wallets      BENCH_INDEX_CREATORS (1000)    random creator wallets
#   BENCH_INDEX_SIGNERS (4)            builder signers, Hardhat #4 … (1–13)
#   BENCH_INDEX_MINTS_PER_BLOCK (100)  mints a block while building (≤ gas limit / 122k). Hardhat 2.29 (EDR) keeps
#                                      memory per transaction of multi-transaction blocks, more the bigger the
#                                      block: after 100k mints the node holds ~7 GB with 100 a block, ~15 GB with 200
#   BENCH_INDEX_READS (500)            sequential API requests per read route
#   BENCH_INDEX_SCAN_READS (50)        sequential eth_getLogs scans per read route (they are slow at this size)
#   BENCH_INDEX_CONCURRENT_READS (2000) requests per route for req/s (0: skip)   BENCH_INDEX_CONCURRENCY (16) in flight
#   BENCH_INDEX_LAG_SECONDS (10)       minting time of the lag phase (0: skip)   BENCH_INDEX_LAG_SAMPLE_MS (50)
#   BENCH_INDEX_LAG_MINTS (3000)       mints pre-signed per signer for the lag phase (the phase ends early without more)
#   BENCH_INDEX_LAG_RATE (0)           pace the lag phase's mints (= blocks) a second; 0: full speed
#   BENCH_INDEX_BACKFILL_TIMEOUT (3600) seconds         BENCH_INDEX_POLL_MS (100)  backfill polling of GET /api/v1/chain
#   BENCH_INDEX_SKIP_DOTNET_BUILD (0)  1: use the existing Release build (e.g. bench.sh built it already)
#   BENCH_INDEX_RESULT_FILE            also write the results there as JSON
#   BENCH_INDEX_KEEP (0)               1: keep the temp folder (node.log, api.log, deployment, state)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SIGNERS="${BENCH_INDEX_SIGNERS:-4}"
[[ "$SIGNERS" =~ ^[0-9]+$ ]] && [ "$SIGNERS" -ge 1 ] && [ "$SIGNERS" -le 13 ] \
  || { log "BENCH_INDEX_SIGNERS must be 1 to 13 (Hardhat accounts #4–#16)"; exit 2; }

ensure_tools
ensure_npm_packages
compile_contracts
if [ "${BENCH_INDEX_SKIP_DOTNET_BUILD:-0}" != 1 ]; then
  log "dotnet build -c Release"
  (cd "$ROOT" && dotnet build -c Release src/DigitalCollections.Api -nologo -v q -clp:ErrorsOnly) >&2
fi
API_DLL="$ROOT/src/DigitalCollections.Api/bin/Release/net10.0/DigitalCollections.Api.dll"
[ -f "$API_DLL" ] || { log "no Release build at $API_DLL"; exit 1; }

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dc-bench-index.XXXXXX")"
pids=()


trap 'bench_cleanup "${BENCH_INDEX_KEEP:-0}" node.log api.log' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM



read -r NODE_PORT API_PORT <<<"$(free_ports 2)"
NODE_URL="http://127.0.0.1:$NODE_PORT"
API_URL="http://127.0.0.1:$API_PORT"

log "starting Hardhat node at $NODE_URL"
start_hardhat_node "$NODE_PORT" "$WORK_DIR/node.log" || exit 1

# MINTER_ROLE for the API's development relayer pool and for the builder signers (#4 …): separate accounts,
# so the API's lanes never race the builder for a nonce.
SIGNER_ACCOUNTS="$(seq -s, 4 $((3 + SIGNERS)))"
MINTERS="$(cd "$ROOT" && node scripts/bench-index.js addresses "0,17,18,19,$SIGNER_ACCOUNTS")"
log "deploying DigitalCollection (minters: $MINTERS)"
(cd "$ROOT" && DC_RPC_URL="$NODE_URL" DC_DEPLOYMENT_FILE="$WORK_DIR/deployment.json" DC_RELAYERS="$MINTERS" \
  DC_BASE_URI="$API_URL/api/v1/metadata/" "$ROOT/node_modules/.bin/hardhat" run scripts/deploy.js --network localhost) >&2

export BENCH_INDEX_RPC_URL="$NODE_URL" BENCH_INDEX_API_URL="$API_URL" BENCH_INDEX_DEPLOYMENT="$WORK_DIR/deployment.json" \
  BENCH_INDEX_STATE="$WORK_DIR/state.json" BENCH_INDEX_SIGNER_ACCOUNTS="$SIGNER_ACCOUNTS" BENCH_INDEX_NODE_PID="$NODE_PID"

log "building the chain (BENCH_INDEX_TOKENS=${BENCH_INDEX_TOKENS:-100000}, BENCH_INDEX_TRANSFERS=${BENCH_INDEX_TRANSFERS:-3000})"
(cd "$ROOT" && node scripts/bench-index.js build)

log "starting the API at $API_URL (fresh data folder)"
API_START_MS="$(date +%s%3N)"
(cd "$ROOT" && exec env -u Chain__RelayerPrivateKey -u Chain__RelayerPrivateKeys -u Storage__Provider -u Storage__ConnectionString \
  Chain__RpcUrl="$NODE_URL" \
  Chain__DeploymentFile="$WORK_DIR/deployment.json" \
  Storage__DataDirectory="$WORK_DIR/data" \
  Logging__LogLevel__Default=Warning \
  RateLimits__Enabled=false \
  dotnet "$API_DLL" --urls "$API_URL") >"$WORK_DIR/api.log" 2>&1 &
API_PID=$!
pids+=("$API_PID")

(cd "$ROOT" && BENCH_INDEX_API_PID="$API_PID" BENCH_INDEX_API_START_MS="$API_START_MS" node scripts/bench-index.js measure)
