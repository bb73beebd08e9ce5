#!/usr/bin/env bash
# Profiles one case of run-limits.sh with perf: where a server's CPU goes, by thread and by method, so that a missed
# target has a measured reason. Run it on a quiet machine, after run-limits.sh has prepared nothing you need: it
# builds nothing but uses the kit and the classes as they are.
#
#   benchmarks/limits/profile.sh --case echo-100c-k10 --bench /tmp/bench        # the Sockeye bench server
#   benchmarks/limits/profile.sh --case echo-100c-k10 --server limit --bench /tmp/bench
#
# Cases: echo-100c-k10, echo-100c-k1, fanout-1k-max, growth-room-10, growth-room-10000, rooms-10k-room-10 (the same load generator
# lines as run-limits.sh, made long enough to sample), and cluster-redis-2x500, which samples server B (the one whose
# 500 members get every broadcast through Redis; --redis URL, default redis://127.0.0.1:6379). --bench is a writable copy of ../shared/bench with `npm ci`
# done in reference-node and loadgen; the servers need `benchmarks/bench-server.sh` or `limit-server.sh` built once
# (run either by hand, or run-limits.sh). Other flags: --port N (default 4790), --seconds N (sampling time, default
# 10), --out DIR (default benchmarks/results/profile-<case>-<server>-<UTC time>), --warm-runs N (default 1: the load
# runs N times, unsampled, before the sampled run, as run-limits.sh warms its servers; 0 samples a fresh JVM).
#
# The JVM runs with the script's default flags plus frame pointers and a perf map written at exit, so JIT frames
# have names; perf samples at 499 Hz with call graphs, from 5 s after the (warm) server's sampled load starts. Writes
# perf.data, the report by thread (`threads.txt`), by method, self time (`methods.txt`) and self plus callees
# (`inclusive.txt`), and the load generator's RESULT line.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

CASE=""
SERVER=sockeye
BENCH=""
PORT=4790
SECONDS_TO_SAMPLE=10
WARM_RUNS=1
OUT=""
REDIS=redis://127.0.0.1:6379
while [ $# -gt 0 ]; do
  case "$1" in
    --case) CASE="$2"; shift 2 ;;
    --server) SERVER="$2"; shift 2 ;;
    --bench) BENCH="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --seconds) SECONDS_TO_SAMPLE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --redis) REDIS="$2"; shift 2 ;;
    --warm-runs) WARM_RUNS="$2"; shift 2 ;;
    *) echo "unknown arg $1" >&2; exit 64 ;;
  esac
done
[ -n "$CASE" ] && [ -x "$BENCH/loadgen/lg" ] || { echo "usage: profile.sh --case CASE --bench KIT [--server sockeye|limit]" >&2; exit 64; }
OUT="${OUT:-$ROOT/benchmarks/results/profile-$CASE-$SERVER-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
LG=("$BENCH/loadgen/lg")
export BENCH_DIR="$BENCH"
LOAD_SECONDS=$(( SECONDS_TO_SAMPLE + 10 ))

case "$CASE" in
  echo-100c-k10) LOAD=("${LG[@]}" echo --clients 100 --inflight 10 --size 64 --duration "$LOAD_SECONDS" --warmup 3) ;;
  echo-100c-k1) LOAD=("${LG[@]}" echo --clients 100 --inflight 1 --size 64 --duration "$LOAD_SECONDS" --warmup 3) ;;
  # about 600 000 deliveries/s: 2 000 broadcasts per second of sampling and of margin
  fanout-1k-max) LOAD=("${LG[@]}" fanout --n 1000 --messages $(( LOAD_SECONDS * 600 )) --size 100 --rate 0 --warmup 200) ;;
  # a room of 10 000: 10 000 deliveries per broadcast, about 20 broadcasts per second
  growth-room-10000) LOAD=("${LG[@]}" fanout --n 10000 --messages $(( LOAD_SECONDS * 20 )) --size 100 --rate 0 --warmup 20) ;;
  # 500 members on each server, about 450 broadcasts per second
  cluster-redis-2x500) LOAD=("${LG[@]}" fanout --n 500 --messages $(( LOAD_SECONDS * 450 )) --size 100 --rate 0 --warmup 200) ;;
  growth-room-10|rooms-10k-room-10)
    LOAD=("${LG[@]}" fanout --n 10 --messages $(( LOAD_SECONDS * 12000 )) --size 100 --rate 0 --warmup 2000) ;;
  *) echo "unknown case $CASE" >&2; exit 64 ;;
esac
case "$SERVER" in
  sockeye) SERVER_CMD=("$ROOT/benchmarks/bench-server.sh") ;;
  limit) SERVER_CMD=("$ROOT/benchmarks/limit-server.sh") ;;
  *) echo "--server is sockeye or limit" >&2; exit 64 ;;
esac

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

# the script's default JVM flags (bench-server.sh), plus what names JIT frames
export JAVA_OPTS="-XX:+UseSerialGC -Xmn16m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=200 \
-XX:+UnlockDiagnosticVMOptions -XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit"
start() { # PORT LOG [EXTRA...]: starts the server, sets JPID to its JVM's pid
  local port="$1" log="$2"; shift 2
  SOCKEYE_SKIP_BUILD=1 "${SERVER_CMD[@]}" --port "$port" --max-seconds 300 "$@" >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 400); do grep -q '^READY' "$log" 2>/dev/null && break; sleep 0.05; done
  JPID="$(grep -m1 '^READY' "$log" | sed -E 's/.*pid=([0-9]+).*/\1/')"
  [ -n "$JPID" ] || { echo "server did not start: $(tail -5 "$log")" >&2; exit 1; }
}
if [ "$CASE" = cluster-redis-2x500 ]; then
  [ "$SERVER" = sockeye ] || { echo "the limit server has no cluster" >&2; exit 64; }
  export BENCH_REDIS_KEY="sockeye-profile-$$" # a channel prefix of its own, as run-limits.sh
  start "$PORT" "$OUT/server-a.log" --adapter "$REDIS"
  start $(( PORT + 1 )) "$OUT/server.log" --adapter "$REDIS" # server B: the one sampled
  node "$HERE/growth.js" members --port $(( PORT + 1 )) --n 500 --room bench --max-seconds 200 >"$OUT/members.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 600); do grep -q '^JOINED' "$OUT/members.log" && break; sleep 0.1; done
else
  start "$PORT" "$OUT/server.log"
fi

if [ "$CASE" = rooms-10k-room-10 ]; then
  node "$HERE/growth.js" hold-rooms --port "$PORT" --rooms 10000 --max-seconds 200 >"$OUT/hold-rooms.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 1200); do grep -q '^HELD' "$OUT/hold-rooms.log" && break; sleep 0.1; done
fi

for _ in $(seq 1 "$WARM_RUNS"); do
  timeout $(( LOAD_SECONDS + 120 )) "${LOAD[@]}" --port "$PORT" --label "$CASE-warm-up" >>"$OUT/warm-up.out" 2>>"$OUT/loadgen.log" || true
done
timeout $(( LOAD_SECONDS + 120 )) "${LOAD[@]}" --port "$PORT" --label "$CASE" >"$OUT/loadgen.out" 2>>"$OUT/loadgen.log" &
LOADER=$!
sleep 5
perf record -F 499 -g -o "$OUT/perf.data" -p "$JPID" -- sleep "$SECONDS_TO_SAMPLE" 2>"$OUT/perf-record.log"
wait "$LOADER" || true
grep '^RESULT' "$OUT/loadgen.out" | tail -1 >"$OUT/result.txt" || true
# a TERM lets the JVM write /tmp/perf-<pid>.map, which perf report reads
cleanup
for _ in $(seq 1 100); do kill -0 "$JPID" 2>/dev/null || break; sleep 0.1; done
perf report -i "$OUT/perf.data" --no-children --sort comm --stdio -g none 2>/dev/null | grep -v '^$' | head -40 >"$OUT/threads.txt" || true
perf report -i "$OUT/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^$' | head -80 \
  >"$OUT/methods.txt" || true
perf report -i "$OUT/perf.data" --children --sort sym --stdio -g none 2>/dev/null | grep -v '^$' | head -120 \
  >"$OUT/inclusive.txt" || true
echo "profile: $OUT ($(cut -c1-160 "$OUT/result.txt"))"
