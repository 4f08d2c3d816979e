#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL accepts connections on 127.0.0.1:5432, starting the local cluster
# the way this machine kind starts it when it is down. Used by .ci/run and run-local.sh.
set -euo pipefail

host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}

if pg_isready -h "$host" -p "$port" -q 2>/dev/null; then
  exit 0
fi
echo "PostgreSQL is not accepting connections on $host:$port; trying to start the local cluster..." >&2
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
for _ in $(seq 1 30); do
  if pg_isready -h "$host" -p "$port" -q 2>/dev/null; then
    echo "PostgreSQL is up." >&2
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL is still not reachable on $host:$port. Start it (user postgres, database test, trust auth) and retry." >&2
exit 1
