# Shared helpers for scripts/test.sh and scripts/bench.sh (sourced, not run).

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

ensure_debian_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    ensure_debian_packages postgresql
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# Starts a throwaway PostgreSQL cluster on a Unix socket and a loopback port; exports DATABASE_URL.
# The cluster lives in a fresh temporary directory (removed again by stop_postgres), not in the
# checkout: initdb refuses to run as root, so as root the cluster belongs to the postgres user, who
# could not enter a checkout under a 0700 folder such as /root.
start_postgres() {
  local bin port owner
  bin=$(pg_bin)
  # A free loopback port unless one is given, so that two checkouts can test side by side.
  port="${ONESTOP_PG_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
  PG_PORT="$port"
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id postgres >/dev/null 2>&1 || ensure_debian_packages postgresql
  fi
  run_pg() { if [ "$owner" = "$(id -un)" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi; }
  PG_TMP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/onestop-pg.XXXXXX")
  chown "$owner" "$PG_TMP_DIR"
  PGDATA_DIR="$PG_TMP_DIR/data"
  PG_SOCKET_DIR="$PG_TMP_DIR/socket"
  PG_OWNER="$owner"
  PG_BIN="$bin"
  run_pg mkdir -m 700 "$PGDATA_DIR"
  run_pg mkdir -m 755 "$PG_SOCKET_DIR"
  run_pg "$bin/initdb" -D "$PGDATA_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  run_pg "$bin/pg_ctl" -D "$PGDATA_DIR" -w -l "$PG_TMP_DIR/postgres.log" \
    -o "-k $PG_SOCKET_DIR -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=300" start >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$port/onestop"
  run_pg "$bin/createdb" -h "$PG_SOCKET_DIR" -p "$port" -U postgres onestop 2>/dev/null || true
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') running on port $port (data in $PGDATA_DIR, removed at exit)"
}

# Stops the cluster and removes its directory; safe to call when start_postgres failed half-way.
stop_postgres() {
  if [ -n "${PG_TMP_DIR:-}" ] && [ -d "$PG_TMP_DIR" ]; then
    if [ -s "$PGDATA_DIR/postmaster.pid" ]; then
      if [ "$PG_OWNER" = "$(id -un)" ]; then
        "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -w stop -m fast >/dev/null 2>&1 || true
      else
        runuser -u "$PG_OWNER" -- "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -w stop -m fast >/dev/null 2>&1 || true
      fi
    fi
    rm -rf "$PG_TMP_DIR"
  fi
}
