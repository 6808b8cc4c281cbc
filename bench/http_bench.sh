#!/usr/bin/env bash
# HTTP throughput of guildhall beside a bare Pistache handler, measured in one run with wrk on
# this machine. Prints a table (req/s, p99) and the ratio to the bare handler; writes it to
# bench/results/http-<date>.md too.
#
#   bench/http_bench.sh [build-dir]     (default: build; run scripts/run or scripts/test first)
#   DURATION=10 CONNECTIONS=64 bench/http_bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
duration=${DURATION:-10}
connections=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
cmake --build "$build" --target guildhall bench_bare_pistache bench_certificates >/dev/null

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

bare_port=$(free_port)
"$build/bench/bench_bare_pistache" "$bare_port" 2 >/dev/null &
pids+=($!)

gh_port=$(free_port)
cat >"$work/guildhall.yaml" <<YAML
listen: 127.0.0.1:$gh_port
database: sqlite://$work/bench.db
data_dir: $work/data
web_root: $root/web/dist
templates_dir: $root/templates
plugin_dirs: [$build/plugins]
public_url: http://127.0.0.1:$gh_port
access_log: ${ACCESS_LOG:-false}
http: {io_threads: 2, workers: 4, verify_per_minute: 1000000000}
YAML
"$build/guildhall" migrate --config "$work/guildhall.yaml" >/dev/null
"$build/guildhall" tenant load --config "$work/guildhall.yaml" "$root/tenants" >/dev/null
# One certificate to check, signed with the key file the server then reads.
verify_url=$("$build/bench/bench_certificates" seed "sqlite://$work/bench.db" "$work/data/keys/pii.keys" \
  "http://127.0.0.1:$gh_port")
verify_path=${verify_url#http://127.0.0.1:$gh_port}
forged_url=${verify_url%?}A
[ "${forged_url: -1}" = "${verify_url: -1}" ] && forged_url=${verify_url%?}B
read -r render_rate render_ms pdf_bytes < <("$build/bench/bench_certificates" render "$root/templates" \
  "$root/bench/photo.jpg" 200)
"$build/guildhall" serve --config "$work/guildhall.yaml" >"$work/serve.log" 2>&1 &
pids+=($!)

for port in "$bare_port" "$gh_port"; do
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
done

# One wrk run; prints "<req/s> <p99 in ms>".
measure() {
  local out rps p99
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H 'Connection: keep-alive' "$1")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

read -r bare_rps bare_p99 < <(measure "http://127.0.0.1:$bare_port/")
read -r health_rps health_p99 < <(measure "http://127.0.0.1:$gh_port/healthz")
read -r tenant_rps tenant_p99 < <(measure "http://127.0.0.1:$gh_port/api/v1/t/med/tenant")
read -r ready_rps ready_p99 < <(measure "http://127.0.0.1:$gh_port/readyz")
curl -fs "$verify_url" | grep -q 'data-status="valid"' || { echo "the seeded certificate does not verify" >&2; exit 1; }
read -r page_rps page_p99 < <(measure "$verify_url")
read -r check_rps check_p99 < <(measure "http://127.0.0.1:$gh_port/api/v1/verify${verify_path#/v}")
read -r forged_rps forged_p99 < <(measure "$forged_url")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.0f %%", 100 * a / b}'; }
report=$(cat <<TABLE
# HTTP benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t2 -c$connections -d${duration}s, keep-alive

| endpoint | req/s | p99 (ms) | vs bare Pistache |
| --- | ---: | ---: | ---: |
| bare Pistache handler | $bare_rps | $bare_p99 | 100 % |
| guildhall /healthz | $health_rps | $health_p99 | $(ratio "$health_rps" "$bare_rps") |
| guildhall /api/v1/t/med/tenant (JSON from the tenant snapshot) | $tenant_rps | $tenant_p99 | $(ratio "$tenant_rps" "$bare_rps") |
| guildhall /readyz (worker pool + SQLite query) | $ready_rps | $ready_p99 | $(ratio "$ready_rps" "$bare_rps") |
| certificate check page /v/… (signature, one SQLite read, HTML) | $page_rps | $page_p99 | $(ratio "$page_rps" "$bare_rps") |
| certificate check JSON /api/v1/verify/… | $check_rps | $check_p99 | $(ratio "$check_rps" "$bare_rps") |
| certificate check with a forged signature (refused before the database) | $forged_rps | $forged_p99 | $(ratio "$forged_rps" "$bare_rps") |

Certificates rendered (medical template, JPEG photo, QR code, one thread): $render_rate per second per core, $render_ms ms each, $pdf_bytes bytes of PDF.

Server and load generator share the machine's cores; access log: ${ACCESS_LOG:-false}.
TABLE
)
echo "$report"
mkdir -p "$root/bench/results"
echo "$report" >"$root/bench/results/http-$(date -u +%Y%m%dT%H%M).md"
