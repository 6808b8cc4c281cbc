#!/usr/bin/env bash
# Importing an old system's roster (issue #7), rows per second on SQLite and, when
# GUILDHALL_TEST_MYSQL_URL names a MariaDB server (scripts/test starts one), on a scratch
# database there; bench_roster explains what is measured.
#
#   bench/roster_bench.sh [build-dir] [rows]      (defaults: build, 50000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rows=${2:-50000}
cmake --build "$build" --target bench_roster >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== SQLite"
"$build/bench/bench_roster" "$root/tenants" "sqlite://$work/roster.db" "$rows"
if [ -n "${GUILDHALL_TEST_MYSQL_URL:-}" ]; then
  url="${GUILDHALL_TEST_MYSQL_URL}_roster_$$"
  name=${url##*/}
  server=${GUILDHALL_TEST_MYSQL_URL%/*}
  user=${server#mysql://}; user=${user%%@*}
  host=${server##*@}
  mariadb --protocol=tcp -h"${host%:*}" -P"${host##*:}" -u"${user%%:*}" -p"${user#*:}" \
    -e "CREATE DATABASE \`$name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"
  echo "== MariaDB"
  "$build/bench/bench_roster" "$root/tenants" "$url" "$rows" || status=$?
  mariadb --protocol=tcp -h"${host%:*}" -P"${host##*:}" -u"${user%%:*}" -p"${user#*:}" \
    -e "DROP DATABASE \`$name\`"
  exit "${status:-0}"
fi
