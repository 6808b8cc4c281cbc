# Shared by scripts/run and scripts/test: installing the system packages, building the
# server, plugins and web app. Sourced, not executed.
set -euo pipefail

GUILDHALL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GUILDHALL_JOBS=${GUILDHALL_JOBS:-$(nproc)}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Debian packages the build, the server and the tests need. Kept in one list so that a fresh
# machine and a developer's machine agree.
GUILDHALL_PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libpistache-dev libsoci-dev libmariadb-dev libsqlite3-dev sqlite3
  libboost-dev libboost-filesystem-dev libyaml-cpp-dev libssl-dev libcurl4-openssl-dev
  nlohmann-json3-dev libsodium-dev libspdlog-dev libcli11-dev libgdk-pixbuf-2.0-dev libcsv-dev
  libxlsxwriter-dev librsvg2-dev libcairo2-dev libpango1.0-dev libqrencode-dev fonts-wqy-microhei
  libgtest-dev libgmock-dev
)
# The machine image ships Node.js 20 with npm 11 (the web build needs Node >= 20.19); Debian's own
# nodejs 18 is only a fallback for machines without any, and its npm package conflicts with the
# image's.
if ! command -v npm >/dev/null 2>&1; then
  GUILDHALL_PACKAGES+=(nodejs npm)
fi
GUILDHALL_TEST_PACKAGES=(
  mariadb-server mariadb-client chromium fonts-noto-cjk wrk curl python3 python3-aiosmtpd
  python3-openpyxl zbar-tools poppler-utils
)

install_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  # Package scripts must not start services (MariaDB) on the host; the tests start their own.
  local policy=/usr/sbin/policy-rc.d created_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod +x "$policy"
    created_policy=1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -n "$created_policy" ] && $sudo rm -f "$policy"
  return 0
}

# configure_and_build <build-dir> [--target T...] [-- extra cmake args...]
configure_and_build() {
  local dir=$1
  shift
  local targets=() cmake_args=()
  while [ $# -gt 0 ]; do
    case $1 in
      --target) targets+=(--target "$2"); shift 2 ;;
      --) shift; cmake_args=("$@"); break ;;
      *) cmake_args+=("$1"); shift ;;
    esac
  done
  if [ ! -f "$dir/build.ninja" ]; then
    log "configuring $dir"
    cmake -S "$GUILDHALL_ROOT" -B "$dir" -G Ninja -DGUILDHALL_WERROR=ON "${cmake_args[@]}" >/dev/null
  fi
  log "building $dir"
  cmake --build "$dir" -j "$GUILDHALL_JOBS" "${targets[@]}"
}

# Installs the browser-test runner (playwright-core; it drives Debian's chromium, no download).
install_e2e_dependencies() {
  local e2e=$GUILDHALL_ROOT/tests/e2e
  [ -f "$e2e/package.json" ] || return 0
  if [ ! -d "$e2e/node_modules" ] || [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
    log "installing browser-test dependencies"
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Builds web/dist when the web sources changed since the last build.
build_web() {
  local web=$GUILDHALL_ROOT/web
  [ -f "$web/package.json" ] || return 0
  if [ ! -d "$web/node_modules" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    log "installing web dependencies"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  fi
  local stamp=$web/dist/.build-stamp
  if [ ! -f "$stamp" ] || [ -n "$(find "$web/src" "$web/index.html" "$web/package.json" "$web/vite.config.ts" -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    log "building the web app"
    (cd "$web" && npm run --silent build)
    touch "$stamp"
  fi
}
