# Sourced by scripts/test.sh: a throwaway PostgreSQL from Debian's packages on loopback, for the server's tests.
# PostgreSQL refuses to run as root, so as root it runs as the `postgres` user the package makes, in a
# temporary folder that user owns. pg_start exports TEND_TEST_POSTGRES; pg_stop stops it and removes the folder.

pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_start() {
  local bin port
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/tend-postgres.XXXXXX)
  [ "$(id -u)" != 0 ] || chown postgres: "$PG_DIR"
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as "$bin/initdb" -D "$PG_DIR/data" -A trust -U tend -E UTF8 >/dev/null
  pg_as "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-k $PG_DIR -p $port -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  PG_BIN=$bin
  export TEND_TEST_POSTGRES="postgres://tend@127.0.0.1:$port/postgres"
  printf 'a throwaway PostgreSQL is at %s\n' "$TEND_TEST_POSTGRES"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
