#!/usr/bin/env bash
# Install (Debian packages) and start a throw-away PostgreSQL server on loopback for the store tests, then
# print the URL to export:  eval "$(scripts/start_postgres.sh)"  ->  COUNTERPOINT_TEST_PG_URL=postgresql://...
# Idempotent: reuses a running server. Data lives in ${PGTEST_DIR:-/tmp/counterpoint-pg}; port ${PGTEST_PORT:-54329}.
set -euo pipefail
DIR="${PGTEST_DIR:-/tmp/counterpoint-pg}"
PORT="${PGTEST_PORT:-54329}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  else
    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  fi
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
RUN_AS=()
if [ "$(id -u)" = 0 ]; then RUN_AS=(runuser -u postgres --); fi   # initdb refuses to run as root
mkdir -p "$DIR"
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  "${RUN_AS[@]}" "$BIN/initdb" -D "$DIR/data" -U counterpoint --auth=trust -E UTF8 >&2
fi
if ! "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off" start >&2
fi
"$BIN/psql" -h 127.0.0.1 -p "$PORT" -U counterpoint -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname='counterpoint_test'" | grep -q 1 || \
  "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U counterpoint counterpoint_test
echo "export COUNTERPOINT_TEST_PG_URL=postgresql://counterpoint@127.0.0.1:$PORT/counterpoint_test"
