# shellcheck shell=bash
# A private MariaDB server for the tests: its own data folder, socket and port, no systemd, no
# /etc/mysql. Sourced by scripts/test (and by tests that restart a server of their own), not executed.
#
#   mariadb_start <dir> <port>   initialises <dir> on first use, starts mariadbd, waits until it
#                                answers, creates database guildhall_test and user guildhall, and
#                                exports GUILDHALL_TEST_MYSQL_URL. The user may also create and drop
#                                databases named guildhall_test* (tests that need a fresh schema).
#                                Restarting on an existing <dir> keeps its data.
#   mariadb_stop [dir]           SIGTERM to the server started from <dir> (default: the last one
#                                started by this shell) and waits until it has exited.

GUILDHALL_MARIADB_DIR=${GUILDHALL_MARIADB_DIR:-}
GUILDHALL_MARIADB_USER=guildhall
GUILDHALL_MARIADB_PASSWORD=guildhall-test
GUILDHALL_MARIADB_DATABASE=guildhall_test

_mariadb_fail() {
  printf 'mariadb: %s\n' "$*" >&2
  return 1
}

# True while <pid> runs. A server started by this shell stays its child, and kill -0 succeeds on
# a zombie, so the process state is read instead.
_mariadb_alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

# Runs SQL as root over the private socket. Root has no password: the server listens on
# 127.0.0.1 only and its socket lives in the test's own folder.
_mariadb_root_sql() {
  local dir=$1 sql=$2
  mariadb --no-defaults --protocol=socket --socket="$dir/mysqld.sock" -uroot -e "$sql"
}

mariadb_start() {
  local dir=${1:?usage: mariadb_start <dir> <port>} port=${2:?usage: mariadb_start <dir> <port>}
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local datadir=$dir/data log=$dir/mariadbd.log

  if [ -f "$dir/mariadbd.pid" ] && _mariadb_alive "$(cat "$dir/mariadbd.pid")"; then
    _mariadb_fail "a server from $dir is already running (pid $(cat "$dir/mariadbd.pid"))" || return 1
  fi

  if [ ! -d "$datadir/mysql" ]; then
    if ! mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$datadir" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; then
      cat "$dir/install.log" >&2
      _mariadb_fail "mariadb-install-db failed in $datadir" || return 1
    fi
  fi

  # setsid: the server must outlive the shell that started it (tests start it through bash -c)
  # and must not receive the terminal's Ctrl-C before the stop function sends SIGTERM.
  setsid -w mariadbd --no-defaults --user="$(id -un)" --datadir="$datadir" \
    --socket="$dir/mysqld.sock" --pid-file="$dir/mariadbd.server.pid" --port="$port" \
    --bind-address=127.0.0.1 --skip-name-resolve --innodb-flush-log-at-trx-commit=1 \
    --log-error="$log" </dev/null >/dev/null 2>&1 &
  local pid=$!
  GUILDHALL_MARIADB_DIR=$dir

  local deadline=$((SECONDS + 30))
  until mariadb-admin --no-defaults --protocol=socket --socket="$dir/mysqld.sock" -uroot \
    --connect-timeout=1 ping >/dev/null 2>&1; do
    if ! _mariadb_alive "$pid"; then
      tail -n 20 "$log" >&2 2>/dev/null
      _mariadb_fail "mariadbd exited during start-up (log: $log)" || return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 20 "$log" >&2 2>/dev/null
      kill -TERM "$pid" 2>/dev/null
      _mariadb_fail "mariadbd did not answer within 30 s (log: $log)" || return 1
    fi
    sleep 0.1
  done
  # The server's own pid file names mariadbd itself even if setsid had to fork.
  cp "$dir/mariadbd.server.pid" "$dir/mariadbd.pid"

  _mariadb_root_sql "$dir" "
    CREATE DATABASE IF NOT EXISTS $GUILDHALL_MARIADB_DATABASE
      CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
    CREATE USER IF NOT EXISTS '$GUILDHALL_MARIADB_USER'@'127.0.0.1'
      IDENTIFIED BY '$GUILDHALL_MARIADB_PASSWORD';
    CREATE USER IF NOT EXISTS '$GUILDHALL_MARIADB_USER'@'localhost'
      IDENTIFIED BY '$GUILDHALL_MARIADB_PASSWORD';
    GRANT ALL PRIVILEGES ON \`${GUILDHALL_MARIADB_DATABASE//_/\\_}%\`.* TO '$GUILDHALL_MARIADB_USER'@'127.0.0.1';
    GRANT ALL PRIVILEGES ON \`${GUILDHALL_MARIADB_DATABASE//_/\\_}%\`.* TO '$GUILDHALL_MARIADB_USER'@'localhost';
  " || _mariadb_fail "could not create the test database and user" || return 1

  export GUILDHALL_TEST_MYSQL_URL="mysql://$GUILDHALL_MARIADB_USER:$GUILDHALL_MARIADB_PASSWORD@127.0.0.1:$port/$GUILDHALL_MARIADB_DATABASE"
}

mariadb_stop() {
  local dir=${1:-$GUILDHALL_MARIADB_DIR}
  [ -n "$dir" ] && [ -f "$dir/mariadbd.pid" ] || return 0
  local pid
  pid=$(cat "$dir/mariadbd.pid")
  rm -f "$dir/mariadbd.pid"
  kill -TERM "$pid" 2>/dev/null || return 0
  # InnoDB flushes on shutdown; give it time but never hang the test run.
  local deadline=$((SECONDS + 60))
  while _mariadb_alive "$pid"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      kill -KILL "$pid" 2>/dev/null
      _mariadb_fail "mariadbd (pid $pid) ignored SIGTERM for 60 s; killed it" || return 1
    fi
    sleep 0.1
  done
  wait "$pid" 2>/dev/null || true
}
