#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on a free local port, runs the given command with
# TEST_DATABASE_URL pointing at it, then stops the cluster and removes it, whatever the command did.
#   scripts/with-throwaway-postgres.sh npm test
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 is not installed at $PG_BIN (apt-get install -y postgresql-15)" >&2
  exit 1
fi

port="${PG_PORT:-$(( 55000 + RANDOM % 1000 ))}"
data="$(mktemp -d /tmp/pathways-pg.XXXXXX)"
as_owner=()
if [ "$(id -u)" = "0" ]; then
  # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$data"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT

"${as_owner[@]}" "$PG_BIN/initdb" -D "$data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
echo "Throwaway PostgreSQL 15 on 127.0.0.1:$port"

TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
