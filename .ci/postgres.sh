#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for Orleans' ADO.NET providers, in a folder of its own, on a loopback port.
#   .ci/postgres.sh start DIR PORT   initdb in DIR, start the server on 127.0.0.1:PORT, create the database "orleans"
#                                    and load Samples/Cluster/Sql into it; prints the Npgsql connection string
#   .ci/postgres.sh stop DIR         stop the server (DIR stays, with its log, for the caller to delete)
# initdb and pg_ctl refuse to run as root: as root, they run as the "postgres" user. Debian's postgresql is installed
# with apt-get when no server is found.
set -euo pipefail
cd "$(dirname "$0")/.."

bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$found" ]; then
    echo "postgres: no server under /usr/lib/postgresql; installing Debian's postgresql" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    found=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    dir=$2; port=$3
    pg=$(bin)
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    as_owner "$pg/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$pg/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    psql=(psql -h 127.0.0.1 -p "$port" -U postgres -v ON_ERROR_STOP=1 -q)
    "${psql[@]}" -d postgres -c "CREATE DATABASE orleans" >&2
    for script in Main Clustering Persistence Reminders Clustering-3.6.0 Clustering-3.7.0 Persistence-3.6.0 Reminders-3.6.0; do
      "${psql[@]}" -d orleans -f "Samples/Cluster/Sql/PostgreSQL-$script.sql" >"$dir/load-$script.log" 2>&1 \
        || { echo "postgres: PostgreSQL-$script.sql failed:" >&2; cat "$dir/load-$script.log" >&2; exit 1; }
    done
    echo "Host=127.0.0.1;Port=$port;Database=orleans;Username=postgres;Pooling=true"
    ;;
  stop)
    dir=$2
    pg=$(bin)
    as_owner "$pg/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
