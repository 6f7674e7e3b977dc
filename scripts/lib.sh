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

# Whether a JSON-RPC endpoint answers eth_chainId now.
rpc_answers() {
  curl -sf -H 'content-type: application/json' -d '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}' "$1" >/dev/null 2>&1
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

# PostgreSQL for the tests' second store, on 127.0.0.1:${DC_PG_PORT:-55432}. A server that already answers
# there is used as it is (and left running). Otherwise Debian's packages are installed if missing and a
# private cluster is made in .run/pg (gitignored) and started: loopback TCP only, no Unix socket, password
# (SCRAM) authentication, fsync off (test data). The server refuses to run as root, so under root it runs
# as the "postgres" system user that Debian's package creates. Makes role ${DC_PG_USER:-dc_test} (may
# create databases) and exports DC_TEST_POSTGRES, a connection string to its "postgres" database.
# Sets PG_STARTED=1 when this call started the server: stop_postgres stops only that one.
PG_PORT="${DC_PG_PORT:-55432}"
PG_USER="${DC_PG_USER:-dc_test}"
PG_PASSWORD="${DC_PG_PASSWORD:-dc_test}"
PG_STARTED=0
PG_DIR="$ROOT/.run/pg"

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

# Runs a server program as the cluster's owner: this user, or "postgres" when this is root.
pg_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_psql() { # pg_psql USER PASSWORD SQL...
  local user="$1" password="$2"; shift 2
  PGPASSWORD="$password" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$user" -d postgres -tA "$@"
}

# apt_install PACKAGE NAME: installs a Debian package (as root, or with passwordless sudo).
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  log "installing $2 (apt-get install $1)"
  $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null \
    || { log "could not install $2 (needs root or passwordless sudo)"; return 1; }
}

ensure_postgres() {
  PG_BIN="$(pg_bin_dir)"
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/pg_ctl" ] || [ ! -x "$PG_BIN/psql" ]; then
    apt_install postgresql PostgreSQL || return 1
    PG_BIN="$(pg_bin_dir)"
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/pg_ctl" ] || { log "PostgreSQL installed, but no /usr/lib/postgresql/*/bin/pg_ctl"; return 1; }
  fi

  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
    local admin=""
    [ -f "$PG_DIR/admin.password" ] 2>/dev/null && admin="$(cat "$PG_DIR/admin.password")"
    if pg_psql "$PG_USER" "$PG_PASSWORD" -c 'SELECT 1' >/dev/null 2>&1 \
        || { [ -n "$admin" ] && pg_psql postgres "$admin" -c 'SELECT 1' >/dev/null 2>&1; }; then
      log "PostgreSQL already answers on 127.0.0.1:$PG_PORT: using it (it is not stopped at the end)"
    elif [ -z "${DC_PG_PORT:-}" ]; then
      # Somebody else's server (another checkout's tests on this machine): ours goes on a free port.
      PG_PORT="$(free_ports 1)"
      log "another PostgreSQL answers on the default port; starting a private one on 127.0.0.1:$PG_PORT"
      pg_start_private_cluster || return 1
    fi
  else
    pg_start_private_cluster || return 1
  fi

  # The test role: made with the cluster's superuser when we have its password, else it must exist already.
  local admin_password=""
  [ -f "$PG_DIR/admin.password" ] 2>/dev/null && admin_password="$(cat "$PG_DIR/admin.password")"
  if [ -n "$admin_password" ] && pg_psql postgres "$admin_password" -c 'SELECT 1' >/dev/null 2>&1; then
    if [ "$(pg_psql postgres "$admin_password" -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
      pg_psql postgres "$admin_password" -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >/dev/null || return 1
    fi
  fi
  if ! pg_psql "$PG_USER" "$PG_PASSWORD" -c 'SELECT 1' >/dev/null; then
    log "cannot log in to PostgreSQL on 127.0.0.1:$PG_PORT as $PG_USER (set DC_PG_USER/DC_PG_PASSWORD, or DC_PG_PORT for another port)"
    return 1
  fi
  export DC_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=$PG_USER;Password=$PG_PASSWORD"
}

pg_start_private_cluster() {
  local owner
  owner="$(id -un)"
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id postgres >/dev/null 2>&1 || { log "no 'postgres' user to run the server as (PostgreSQL refuses root)"; return 1; }
  fi
  mkdir -p "$PG_DIR"
  [ "$owner" = "$(id -un)" ] || chown "$owner" "$PG_DIR"
  if ! pg_as_owner test -w "$PG_DIR"; then
    # The repository is not reachable by that user (e.g. under /root): keep the cluster in a temporary folder.
    PG_DIR="${TMPDIR:-/tmp}/dc-pg-$PG_PORT"
    mkdir -p "$PG_DIR" && chmod 700 "$PG_DIR" && chown "$owner" "$PG_DIR"
  fi
  local data="$PG_DIR/data" version
  version="$(basename "$(dirname "$PG_BIN")")"
  if [ -f "$data/PG_VERSION" ] && [ "$(cat "$data/PG_VERSION")" != "$version" ]; then
    log "the cluster in $data is PostgreSQL $(cat "$data/PG_VERSION"), the server is $version: making a new one (test data only)"
    rm -rf "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initdb: a private PostgreSQL $version cluster in $data"
    rm -rf "$data"
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PG_DIR/admin.password")
    [ "$owner" = "$(id -un)" ] || chown "$owner" "$PG_DIR/admin.password"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$PG_DIR/admin.password" \
      --auth=scram-sha-256 -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 \
      || { log "initdb failed; see $PG_DIR/initdb.log"; tail -n 20 "$PG_DIR/initdb.log" >&2; return 1; }
  fi
  local attempt
  for attempt in 1 2 3; do
    log "starting PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_DIR/server.log)"
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PG_PORT -h 127.0.0.1 -k '' -c max_connections=1000 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
      break
    fi
    # The port was taken meanwhile (another checkout's tests share this machine): unless a port was asked
    # for, take a free one and try again.
    if [ -z "${DC_PG_PORT:-}" ] && [ "$attempt" -lt 3 ] && tail -n 20 "$PG_DIR/server.log" | grep -q "Address already in use"; then
      PG_PORT="$(free_ports 1)"
      continue
    fi
    log "PostgreSQL did not start; last lines of $PG_DIR/server.log:"
    tail -n 20 "$PG_DIR/server.log" >&2
    return 1
  done
  PG_STARTED=1
  PG_DATA="$data"
}

# Drops the test databases of one run of the integration tests (TestStore names them dc_it_<run>_…):
# what a crashed test process could not drop itself. Never another run's.
drop_test_databases() {
  local run="$1" db
  [ -n "${PG_BIN:-}" ] || return 0
  for db in $(pg_psql "$PG_USER" "$PG_PASSWORD" -c "SELECT datname FROM pg_database WHERE datname LIKE 'dc\_it\_${run}\_%'" 2>/dev/null); do
    pg_psql "$PG_USER" "$PG_PASSWORD" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || log "could not drop test database $db"
  done
}

# Stops the server only if ensure_postgres started it, and not while another test run still uses it.
stop_postgres() {
  [ "$PG_STARTED" = 1 ] || return 0
  local others
  others="$(pg_psql "$PG_USER" "$PG_PASSWORD" -c "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE 'dc\_it\_%'" 2>/dev/null || echo 0)"
  if [ "${others:-0}" != 0 ]; then
    log "PostgreSQL on 127.0.0.1:$PG_PORT is in use by another test run: left running (stop: pg_ctl -D $PG_DATA stop)"
    PG_STARTED=0
    return 0
  fi
  log "stopping PostgreSQL"
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  PG_STARTED=0
}

# Debian's Chromium for the browser tests (tests/browser, driven by the npm playwright-core): installed with
# apt-get when no chromium is on PATH (as root, or with passwordless sudo). Exports DC_CHROMIUM, its path.
ensure_chromium() {
  local bin
  bin="$(command -v chromium || true)"
  if [ -z "$bin" ]; then
    apt_install chromium Chromium || return 1
    bin="$(command -v chromium || true)"
    [ -n "$bin" ] || { log "Chromium installed, but no chromium on PATH"; return 1; }
  fi
  export DC_CHROMIUM="$bin"
}

# --- Helpers for scripts that start their own processes (bench.sh, bench-index.sh). They track children in
# the caller's `pids` array and stop them in reverse order.

alive() { # a child that has not exited (a zombie waiting to be reaped counts as gone)
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [ -n "$state" ] && [ "$state" != Z ]
}

stop_all() {
  local i pid t
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for ((t = 0; t < 100; t++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then log "process $pid ignored SIGTERM for 10 s: killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

# Distinct free loopback ports, held open together while they are picked.
free_ports() {
  node -e '
    const net = require("net");
    const servers = Array.from({ length: Number(process.argv[1]) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    });' "$1"
}

# Polls until "$2..." succeeds; gives up after $1 seconds or when process $PID_TO_WATCH has exited.
wait_until() {
  local timeout="$1" i
  shift
  for ((i = 0; i < timeout * 20; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    alive "$PID_TO_WATCH" || return 1
    sleep 0.05
  done
  return 1
}

# start_hardhat_node PORT LOGFILE: a Hardhat node on 127.0.0.1:PORT, tracked in `pids` (its pid in NODE_PID);
# returns once it answers eth_chainId, or fails if it exits or stays silent for 60 s.
start_hardhat_node() {
  (cd "$ROOT" && exec "$ROOT/node_modules/.bin/hardhat" node --hostname 127.0.0.1 --port "$1") >"$2" 2>&1 &
  NODE_PID=$!
  pids+=("$NODE_PID")
  PID_TO_WATCH=$NODE_PID wait_until 60 rpc_answers "http://127.0.0.1:$1" \
    || { log "the Hardhat node did not answer; see $2"; return 1; }
}

# bench_cleanup KEEP LOG_FILE…: the benchmarks' EXIT trap. Stops what they started (pids), shows the last
# lines of each log in WORK_DIR after a failure (not after Ctrl-C or a kill), and removes WORK_DIR unless
# KEEP is 1. Call it first thing in the trap, so $? is still the script's exit status.
bench_cleanup() {
  local status=$? keep="$1" f
  shift
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    log "stopping (${pids[*]})"
    stop_all
  fi
  if [ "$status" -ne 0 ] && [ "$status" -ne 130 ] && [ "$status" -ne 143 ]; then
    for f in "$@"; do
      [ -s "$WORK_DIR/$f" ] && { log "last lines of $f:"; tail -n 25 "$WORK_DIR/$f" >&2; }
    done
  fi
  if [ "$keep" = 1 ]; then log "kept $WORK_DIR"; else rm -rf "$WORK_DIR"; fi
  exit "$status"
}
