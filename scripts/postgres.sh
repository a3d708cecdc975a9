#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, as an ordinary process on a free local port.
#   source scripts/postgres.sh; postgres_start   -> exports DASHBOARD_TEST_PG_URL
#   postgres_stop                                 -> stops the cluster and removes its folder
# PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user Debian's package creates.

postgres_start() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bin" ]; then
    echo "postgres.sh: Debian's postgresql is not installed (scripts/setup.sh installs it for the test command)" >&2
    return 1
  fi
  PG_TEST_DIR="$(mktemp -d /tmp/dashboard-pg.XXXXXX)"
  local port run=()
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$PG_TEST_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_TEST_DIR/data" -A trust -U postgres >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/log" -w \
    -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  PG_TEST_BIN="$bin"
  PG_TEST_RUN="${run[*]}"
  export DASHBOARD_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL test cluster on port $port"
}

postgres_stop() {
  if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
    # shellcheck disable=SC2086
    $PG_TEST_RUN "$PG_TEST_BIN/pg_ctl" -D "$PG_TEST_DIR/data" -m fast -w stop >/dev/null || true
    rm -rf "$PG_TEST_DIR"
  fi
}
