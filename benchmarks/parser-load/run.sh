#!/usr/bin/env bash
# Runs load.js against a fresh Sockeye bench server and a fresh Node reference server per case, one run each,
# appends the RESULT lines (with the server and its flags) to a JSON-lines file and prints them as a markdown table.
#
#   benchmarks/parser-load/run.sh msgpack  --node-ref /tmp/bench/reference-node [--port 4820] [--out FILE]
#   benchmarks/parser-load/run.sh recovery --node-ref /tmp/bench/reference-node [--port 4820] [--out FILE]
#
# --fanout "FLAGS" and --echo "FLAGS" replace the driver's load flags below (load.js's --n, --messages, --size,
# --rate, --warmup; --clients, --inflight, --size, --duration, --warmup). The defaults are sized for a shared 2-core
# machine, where the one-process driver must keep up with every delivery for the latencies to mean anything.
#
# msgpack:  fan-out and echo, both servers with --parser msgpack, the driver speaking socket.io-msgpack-parser.
# recovery: fan-out in JSON, both servers without and with --recovery (connection state recovery): the CPU case
#           (the fan-out load below), then a memory case (few clients, 10 KB ticks: what the servers retain
#           for recovery shows in their RSS).
# --node-ref is a copy of ../shared/bench/reference-node with `npm ci` done (the shared folder is read-only).
# Sockeye's bench server must be built already (benchmarks/README.md); nothing is built while measuring.
# Loopback only; every server exits by itself after 300 s, every driver run after 180 s.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mode="${1:-}"
shift || true
port=4820
node_ref=""
out=""
fanout_load="--n 100 --messages 1000 --size 100 --rate 50 --warmup 100"
echo_load="--clients 20 --inflight 5 --size 64 --duration 10 --warmup 3"
memory_load="--n 10 --messages 2000 --size 10000 --rate 100 --warmup 0"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --node-ref) node_ref="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --fanout) fanout_load="$2"; shift 2 ;;
    --echo) echo_load="$2"; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 64 ;;
  esac
done
[[ "$mode" == msgpack || "$mode" == recovery ]] || { echo "usage: run.sh msgpack|recovery --node-ref DIR" >&2; exit 64; }
[[ -f "$node_ref/server.js" && -d "$node_ref/node_modules" ]] || { echo "run.sh: --node-ref needs server.js and node_modules" >&2; exit 64; }
[[ -d "$here/node_modules" ]] || (cd "$here" && npm ci --no-audit --no-fund >&2)
out="${out:-$root/benchmarks/results/$mode-$(date -u +%Y-%m-%d).jsonl}"
ulimit -n "$(ulimit -Hn)" || true

server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap stop_server EXIT

# start_server sockeye|node FLAGS...: a fresh server on $port, waiting for its READY line
start_server() {
  local which="$1"
  shift
  local log="/tmp/parser-load-server-$port.log"
  rm -f "$log" # the previous server's READY line must not count
  if [[ "$which" == sockeye ]]; then
    SOCKEYE_SKIP_BUILD=1 "$root/benchmarks/bench-server.sh" --port "$port" --max-seconds 300 "$@" >"$log" 2>&1 &
  else
    node "$node_ref/server.js" --port "$port" --max-seconds 300 "$@" >"$log" 2>&1 &
  fi
  server_pid=$!
  for _ in $(seq 1 300); do
    grep -q '^READY' "$log" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: $which died: $(cat "$log")" >&2; return 1; }
    sleep 0.1
  done
  echo "run.sh: $which printed no READY within 30 s" >&2
  return 1
}

# run_case SERVER "SERVER FLAGS" SCENARIO DRIVER-FLAGS...
run_case() {
  local which="$1" flags="$2" scenario="$3"
  shift 3
  # shellcheck disable=SC2086 # flags is a list
  start_server "$which" $flags
  local line
  line=$(node "$here/load.js" "$scenario" --port "$port" --label "$which $flags" "$@" | grep '^RESULT ' | sed 's/^RESULT //')
  stop_server
  echo "$line" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const r = JSON.parse(s); r.server = process.argv[1]; r.server_flags = process.argv[2]; r.at = new Date().toISOString();
      console.log(JSON.stringify(r));
    });' "$which" "$flags" >>"$out"
  echo "run.sh: $which $flags $scenario done" >&2
}

if [[ "$mode" == msgpack ]]; then
  for which in sockeye node; do
    # shellcheck disable=SC2086 # the load flags are lists
    run_case "$which" "--parser msgpack" fanout --parser msgpack $fanout_load
    # shellcheck disable=SC2086
    run_case "$which" "--parser msgpack" echo --parser msgpack $echo_load
  done
else
  for which in sockeye node; do
    # shellcheck disable=SC2086
    run_case "$which" "" fanout $fanout_load
    # shellcheck disable=SC2086
    run_case "$which" "--recovery" fanout $fanout_load
    # shellcheck disable=SC2086
    run_case "$which" "" fanout $memory_load
    # shellcheck disable=SC2086
    run_case "$which" "--recovery" fanout $memory_load
  done
fi

# the table of this file's runs
node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  console.log("| server | flags | scenario | clients × size | rate | server CPU µs per delivery/ack | server CPU % | p50 ms | p99 ms | lost/unanswered | server RSS before → after (MB) | load1 | steal % |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of rows) {
    const fan = r.scenario === "fanout";
    console.log(`| ${r.server} | ${r.server_flags || "–"} | ${r.scenario} | ${fan ? r.n : r.clients + " × " + r.inflight} × ${r.size} B | ${fan ? r.deliveries_per_s + " deliveries/s" : r.acks_per_s + " acks/s"} | ` +
      `${fan ? r.server_cpu_us_per_delivery : r.server_cpu_us_per_ack} | ${r.server_cpu_pct} | ${r.latency_ms.p50.toFixed(2)} | ` +
      `${r.latency_ms.p99.toFixed(2)} | ${fan ? r.lost : "–"} | ${(r.server_rss_before_kb / 1024).toFixed(1)} → ${(r.server_rss_after_kb / 1024).toFixed(1)} | ` +
      `${r.machine.load1} | ${r.machine.steal_pct} |`);
  }' "$out"
