#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's package) and creates a UTF-8 test
# database; prints the URL to use as TEST_DATABASE_URL. Needs root.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  echo "PostgreSQL setup needs root (pg_ctlcluster, su postgres)" >&2
  exit 1
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >/dev/null
fi
pg_ctlcluster "$version" main start 2>/dev/null || true
# After an unclean stop the cluster replays its WAL first (90 s was seen on a busy machine).
for _ in $(seq 1 240); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }
psql_() { su postgres -c "psql -v ON_ERROR_STOP=1 -qAt $*" ; }
# A throwaway test cluster: durability is not needed, speed is.
psql_ "-c 'ALTER SYSTEM SET fsync = off'" >/dev/null
psql_ "-c 'ALTER SYSTEM SET synchronous_commit = off'" >/dev/null
psql_ "-c 'SELECT pg_reload_conf()'" >/dev/null
if [ "$(psql_ "-c \"SELECT 1 FROM pg_roles WHERE rolname = 'portal'\"")" != "1" ]; then
  psql_ "-c \"CREATE ROLE portal LOGIN PASSWORD 'portal'\""
fi
# The suite makes one database per pytest-xdist worker next to portal_test.
psql_ "-c 'ALTER ROLE portal CREATEDB'" >/dev/null
psql_ "-c 'DROP DATABASE IF EXISTS portal_test'" 2>/dev/null
# -T template0 -E UTF8: a cluster made without a UTF-8 locale would be SQL_ASCII.
su postgres -c "createdb -O portal -E UTF8 -T template0 --locale=C.UTF-8 portal_test"
echo "postgresql://portal:portal@127.0.0.1:5432/portal_test"
