# Shared by scripts/start.sh and scripts/test.sh: install what a fresh machine lacks, wait for services.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*" >&2; }

ensure_tools() {
  command -v node >/dev/null || { log "Node.js 20 is required (node not found)"; exit 1; }
  command -v dotnet >/dev/null || { log ".NET 10 SDK is required (dotnet not found)"; exit 1; }
  command -v curl >/dev/null || { log "installing curl"; apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
}

# npm packages exactly as locked; re-installed when package-lock.json changes.
ensure_npm_packages() {
  local stamp="$ROOT/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
    log "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) && cp "$ROOT/package-lock.json" "$stamp"
  fi
}

ensure_dotnet_build() {
  log "dotnet build"
  (cd "$ROOT" && dotnet build DigitalCollections.sln -c "${CONFIGURATION:-Debug}" -nologo -v q -clp:ErrorsOnly) >&2
}

compile_contracts() {
  log "hardhat compile"
  (cd "$ROOT" && npx --no-install hardhat compile --quiet) >&2
}

# Polls a JSON-RPC endpoint until it answers eth_chainId (or gives up after $2 seconds).
wait_for_rpc() {
  local url="$1" timeout="${2:-60}" i
  for ((i = 0; i < timeout * 10; i++)); do
    curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$url" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# Polls an HTTP URL until it answers 2xx (or gives up after $2 seconds).
wait_for_http() {
  local url="$1" timeout="${2:-120}" i
  for ((i = 0; i < timeout * 10; i++)); do
    curl -sf "$url" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}
