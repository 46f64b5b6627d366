#!/usr/bin/env bash
# Starts a private PostgreSQL server for benchmarks in DIR (default /tmp/caviar-bench-pg) on PORT (default 54329),
# trusting local connections as user "caviar", and prints its URL. Idempotent; run as root or as a normal user.
set -euo pipefail
dir=${1:-/tmp/caviar-bench-pg}
port=${2:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -d "$dir/data" ]; then
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U caviar --no-sync >/dev/null
fi
if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -w -l "$dir/server.log" \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
fi
echo "postgres://caviar@127.0.0.1:$port/postgres"
