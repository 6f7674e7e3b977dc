#!/usr/bin/env bash
# Benchmarks, in one command:
#   1. the contract's gas report (deploy, mintWork, transferWithAuthorization, transferFrom);
#   2. the API against its own Hardhat node on a free port: self-signed POST /api/v1/works throughput and
#      latency, the raw eth_sendRawTransaction ceiling of the same node (as many MINTER_ROLE senders as the
#      API has relayers) of single mintWork transactions and of pre-signed mintWorks batches, the ratios, the API's peak memory, and GET verification/work read throughput.
# Everything it starts is stopped on exit (also on Ctrl-C or failure) and its temp folder is removed.
#
#   BENCH_MINTS (2000)        API mints, and as many raw mints       BENCH_CONCURRENCY (64)  requests in flight
#   BENCH_RELAYERS (4)        API relayer lanes and raw senders, 1–4 BENCH_WARMUP (1000)     untimed mints first
#   BENCH_READS (2000)        requests per read route (0: none)      BENCH_CLIENT (http)     http | fetch
#   BENCH_RPC_PROXY (0)       1: the API talks to the node through a counting proxy; prints JSON-RPC calls per request
#   BENCH_SKIP_GAS (0)        1: skip the gas report                 BENCH_KEEP (0)          1: keep the temp folder (logs)
#   BENCH_ROUNDS (3)          API and raw phases alternate in rounds; the ratio is the median of the rounds' ratios
#   BENCH_BATCH_SIZE (32)     the API's Chain__MaxBatchSize, and the works per pre-signed mintWorks of the batched raw ceiling
#   BENCH_API_DLL ()          a Release build of the API to run instead of building this worktree's (A/B of two builds back to back)
#   3. the chain index at size (scripts/bench-index.sh, its own node and API, knobs BENCH_INDEX_* listed there):
#      backfill events/s, provenance / owner listing / verify-by-hash p50/p99 against log scans, lag while minting.
#      BENCH_SKIP_INDEX (0)    1: skip it (it builds 100k tokens: about 3 minutes and 8 GB of node memory)
#   4. similarity search and code speed (scripts/bench-similarity.sh, in-process, no node or API; knobs BENCH_SIM_*
#      listed there): lookups at 1,000,000 codes p50/p99 and index memory, Image-Code of a 12 MP JPEG, Data-Code MiB/s.
#      BENCH_SKIP_SIMILARITY (0) 1: skip it (about a minute)
#   5. checking a proof bundle (scripts/bench-verify-proof.js): verify-proof.js in process and as a whole command,
#      and the work page's module; the bundle's serving time is a read route of part 2.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RELAYERS="${BENCH_RELAYERS:-4}"
[[ "$RELAYERS" =~ ^[1-4]$ ]] || { log "BENCH_RELAYERS must be 1 to 4 (the API's development relayer pool)"; exit 2; }

ensure_tools
ensure_npm_packages
compile_contracts
if [ "${BENCH_SKIP_GAS:-0}" != 1 ]; then
  (cd "$ROOT" && npx --no-install hardhat run scripts/gas-report.js)
fi

# ---------------------------------------------------------------------------------------------------------
# The API benchmark. Everything below lives in WORK_DIR and is stopped/removed by cleanup.

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dc-bench.XXXXXX")"
pids=()


trap 'bench_cleanup "${BENCH_KEEP:-0}" node.log api.log proxy.log' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM



read -r NODE_PORT API_PORT PROXY_PORT <<<"$(free_ports 3)"
NODE_URL="http://127.0.0.1:$NODE_PORT"
API_URL="http://127.0.0.1:$API_PORT"
API_RPC_URL="$NODE_URL"

log "starting Hardhat node at $NODE_URL"
start_hardhat_node "$NODE_PORT" "$WORK_DIR/node.log" || exit 1

PROXY_PID=""
if [ "${BENCH_RPC_PROXY:-0}" = 1 ]; then
  (cd "$ROOT" && exec node scripts/bench-api.js proxy "$PROXY_PORT" "$NODE_URL") >"$WORK_DIR/proxy.log" 2>&1 &
  PROXY_PID=$!
  pids+=("$PROXY_PID")
  API_RPC_URL="http://127.0.0.1:$PROXY_PORT"
  PID_TO_WATCH=$PROXY_PID wait_until 10 curl -sf "$API_RPC_URL/__counts" || { log "the counting proxy did not start"; exit 1; }
fi

# MINTER_ROLE for the API's development relayer pool (Hardhat #0, #17, #18, #19) and for the raw senders
# (#4 …), which are separate accounts so the two never race for a nonce.
RAW_ACCOUNTS="$(seq -s, 4 $((3 + RELAYERS)))"
MINTERS="$(cd "$ROOT" && node scripts/bench-api.js addresses "0,17,18,19,$RAW_ACCOUNTS")"
log "deploying DigitalCollection (minters: $MINTERS)"
(cd "$ROOT" && DC_RPC_URL="$NODE_URL" DC_DEPLOYMENT_FILE="$WORK_DIR/deployment.json" DC_RELAYERS="$MINTERS" \
  DC_BASE_URI="$API_URL/api/v1/metadata/" "$ROOT/node_modules/.bin/hardhat" run scripts/deploy.js --network localhost) >&2

API_DLL="${BENCH_API_DLL:-}"
if [ -z "$API_DLL" ]; then
  log "dotnet build -c Release"
  (cd "$ROOT" && dotnet build -c Release src/DigitalCollections.Api -nologo -v q -clp:ErrorsOnly) >&2
  API_DLL="src/DigitalCollections.Api/bin/Release/net10.0/DigitalCollections.Api.dll"
fi

log "starting the API at $API_URL ($RELAYERS relayers)"
(cd "$ROOT" && exec env -u Chain__RelayerPrivateKey -u Chain__RelayerPrivateKeys \
  Chain__RpcUrl="$API_RPC_URL" \
  Chain__DeploymentFile="$WORK_DIR/deployment.json" \
  Storage__DataDirectory="$WORK_DIR/data" \
  Chain__DevelopmentRelayers="$RELAYERS" \
  Chain__MaxBatchSize="${BENCH_BATCH_SIZE:-32}" \
  Logging__LogLevel__Default=Warning \
  RateLimits__Enabled=false \
  dotnet "$API_DLL" --urls "$API_URL") >"$WORK_DIR/api.log" 2>&1 &
API_PID=$!
pids+=("$API_PID")
PID_TO_WATCH=$API_PID wait_until 120 curl -sf "$API_URL/health/ready" || { log "the API did not become ready"; exit 1; }

log "driving the API (BENCH_MINTS=${BENCH_MINTS:-2000}, BENCH_CONCURRENCY=${BENCH_CONCURRENCY:-64}, BENCH_READS=${BENCH_READS:-2000})"
(cd "$ROOT" && BENCH_API_URL="$API_URL" BENCH_RPC_URL="$NODE_URL" BENCH_API_PID="$API_PID" BENCH_NODE_PID="$NODE_PID" \
  BENCH_PROXY_PID="$PROXY_PID" BENCH_PROXY_URL="${PROXY_PID:+$API_RPC_URL}" BENCH_RAW_ACCOUNTS="$RAW_ACCOUNTS" \
  BENCH_CLK_TCK="$(getconf CLK_TCK)" node scripts/bench-api.js run)

# 3. The index benchmark runs on a node and an API of its own: stop this run's first so they do not compete.
if [ "${BENCH_SKIP_INDEX:-0}" != 1 ]; then
  stop_all
  pids=()
  BENCH_INDEX_SKIP_DOTNET_BUILD=1 bash "$ROOT/scripts/bench-index.sh"
fi

# 4. In-process figures: nothing of this run's may compete with them for the cores.
if [ "${BENCH_SKIP_SIMILARITY:-0}" != 1 ]; then
  stop_all
  pids=()
  bash "$ROOT/scripts/bench-similarity.sh"
fi

# 5. Checking one proof bundle, as a collector does (verify-proof.js in process and as a command, the page's module).
stop_all
pids=()
log "proof bundle verification (scripts/bench-verify-proof.js)"
(cd "$ROOT" && node scripts/bench-verify-proof.js)
