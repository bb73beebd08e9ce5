#!/usr/bin/env bash
# Measures Sockeye against the limit server (limit-server.sh: the least work on the same Netty) and the Node
# reference (../shared/bench/reference-node) with the same load generators, case by case, a fresh server per run
# warmed by one unrecorded run of the same load (--warm-runs), and writes a markdown table with the ratios and issue 17's targets met or not (limits/table.js).
#
#   benchmarks/run-limits.sh                               # every case, 1 run each (about 30 minutes on 2 cores)
#   benchmarks/run-limits.sh --runs 3                      # medians of 3
#   benchmarks/run-limits.sh --only fanout,echo            # groups, in run order: fanout echo rss cluster growth rooms union transports
#   benchmarks/run-limits.sh --servers sockeye,limit       # some servers: sockeye limit node
#
# Other flags: --bench DIR (the shared bench kit; default ../shared/bench beside the clone), --port-base N (default
# 4700; uses N..N+9), --out DIR (default benchmarks/results/limits-<UTC time>), --max-minutes N (hard stop, default
# 90), --redis URL (the cluster group's Redis, default redis://127.0.0.1:6379), --cluster-warmup N (broadcasts to both
# servers' members before the cluster case's measured 1000, default 200 as in fanout-1k-max; 0 measures fresh servers,
# JIT compilation included), --warm-runs N (default 1: the throughput cases' load runs N times against each fresh
# server before the run that is recorded, the same for every server, so that the figures are a warm server's and not
# a JVM's first seconds of compiling; their results go to warmup.jsonl, not into the table; 0 records the fresh
# server's first run, as before 2026-12-07 evening). JAVA_OPTS as for bench-server.sh.
#
# It copies the bench kit to a scratch folder (the shared one is read-only), installs its npm packages, builds the
# Java loadgen and this module, records the machine (CPU, kernel, JDK, Node, steal and load during each case), and
# runs every step under `timeout`. Run it with nothing else on the machine: the figures of a loaded machine say how
# the servers compare under that load, not what they can do.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"

RUNS=1
ONLY=fanout,echo,rss,cluster,growth,rooms,union,transports
SERVERS=sockeye,limit,node
BENCH_SRC="$ROOT/../shared/bench"
PORT_BASE=4700
OUT=""
MAX_MINUTES=90
REDIS=redis://127.0.0.1:6379
CLUSTER_WARMUP=200
WARM_RUNS=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --servers) SERVERS="$2"; shift 2 ;;
    --bench) BENCH_SRC="$2"; shift 2 ;;
    --port-base) PORT_BASE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --max-minutes) MAX_MINUTES="$2"; shift 2 ;;
    --redis) REDIS="$2"; shift 2 ;;
    --cluster-warmup) CLUSTER_WARMUP="$2"; shift 2 ;;
    --warm-runs) WARM_RUNS="$2"; shift 2 ;;
    *) echo "unknown arg $1" >&2; exit 64 ;;
  esac
done
OUT="${OUT:-$HERE/results/limits-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
RAW="$OUT/raw.jsonl"
WARM_RAW="$OUT/warmup.jsonl"
DEADLINE=$(( $(date +%s) + MAX_MINUTES * 60 ))
want() { [[ ",$2," == *",$1,"* ]]; }

# ---- setup: the bench kit in a scratch copy, its packages, the Java loadgen, this module
BENCH="$(mktemp -d /tmp/sockeye-limits-bench.XXXXXX)"
cp -r "$BENCH_SRC"/. "$BENCH"/ && chmod -R u+w "$BENCH"
(cd "$BENCH/reference-node" && timeout 300 npm ci --silent >/dev/null)
(cd "$BENCH/loadgen" && timeout 300 npm ci --silent >/dev/null)
timeout 600 "$BENCH/loadgen/lg" --help >/dev/null 2>&1 || true
(cd "$ROOT" && source scripts/package-quietly.sh && package_quietly benchmarks run-limits.sh)
ulimit -n "$(ulimit -Hn)" || true
LG=("$BENCH/loadgen/lg")
NODE_LG=(node "$BENCH/loadgen/bench.js")
export BENCH_DIR="$BENCH" # where growth.js finds the `ws` package
GROWTH=(node "$HERE/limits/growth.js")

server_cmd() { # NAME PORT [EXTRA...] -> the command line of that server
  local name="$1" port="$2"; shift 2
  case "$name" in
    sockeye) echo "env SOCKEYE_SKIP_BUILD=1 $HERE/bench-server.sh --port $port --max-seconds 900 $*" ;;
    limit) echo "env SOCKEYE_SKIP_BUILD=1 $HERE/limit-server.sh --port $port --max-seconds 900 $*" ;;
    node) echo "node -r $HERE/limits/redis-key.js $BENCH/reference-node/server.js --port $port --max-seconds 900 $*" ;;
  esac
}

STARTED=()
start_server() { # NAME PORT [EXTRA...]: starts it, waits for READY, sets SP
  local log="$OUT/server-$2.log"
  # shellcheck disable=SC2046
  bash -c "exec $(server_cmd "$@")" >"$log" 2>&1 &
  SP=$!
  STARTED+=("$SP")
  for _ in $(seq 1 400); do
    grep -q '^READY' "$log" 2>/dev/null && return 0
    kill -0 "$SP" 2>/dev/null || { echo "server $1 died: $(tail -5 "$log")" >&2; return 1; }
    sleep 0.05
  done
  echo "server $1 did not print READY within 20 s" >&2; return 1
}
stop_pid() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() { for pid in "${STARTED[@]}"; do stop_pid "$pid"; done; rm -rf "$BENCH"; }
trap cleanup EXIT

cpu_stat() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
# record CASE SERVER RUN JSON STAT0: one line of raw.jsonl, with the steal and load average over the case
record() {
  local case="$1" server="$2" run="$3" json="$4" s0="$5"
  local s1; s1="$(cpu_stat)"
  node -e '
    const [c, server, run, json, s0, s1, load] = process.argv.slice(1);
    const [t0, st0] = s0.split(" ").map(Number), [t1, st1] = s1.split(" ").map(Number);
    const o = Object.assign({ case: c, server, run: Number(run), at: new Date().toISOString(),
      steal_pct: Math.round((st1 - st0) / Math.max(1, t1 - t0) * 1000) / 10, loadavg_1m: Number(load) }, JSON.parse(json || "{}"));
    process.stdout.write(JSON.stringify(o) + "\n");' "$case" "$server" "$run" "$json" "$s0" "$s1" "$(cut -d" " -f1 /proc/loadavg)" >>"${RECORD_TO:-$RAW}"
  echo "  $case $server ${RECORD_TO:+warm-up }run $run: $(echo "$json" | cut -c1-150)" >&2
}
result() { grep '^RESULT ' | tail -1 | cut -c8-; }
NO_RESULT='{"error":"no RESULT"}'
time_left() { [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "max-minutes reached, stopping" >&2; return 1; }; }

# single CASE TIMEOUT SERVER_EXTRA -- LOADGEN...: one fresh server per run, warmed by WARM_RUNS runs of the same load
# (recorded in warmup.jsonl), then the loadgen's RESULT recorded
single() {
  local case="$1" tmo="$2" extra="$3"; shift 4
  for server in ${SERVERS//,/ }; do
    for run in $(seq 1 "$RUNS"); do
      time_left || return 0
      start_server "$server" "$PORT_BASE" "$extra" || continue
      local s0 json warm
      for warm in $(seq 1 "$WARM_RUNS"); do
        s0="$(cpu_stat)"
        json="$(timeout "$tmo" "$@" --port "$PORT_BASE" --label "$case" 2>>"$OUT/loadgen.log" | result || true)"
        RECORD_TO="$WARM_RAW" record "$case" "$server" "$run" "${json:-$NO_RESULT}" "$s0"
        sleep 1
      done
      s0="$(cpu_stat)"
      json="$(timeout "$tmo" "$@" --port "$PORT_BASE" --label "$case" 2>>"$OUT/loadgen.log" | result || true)"
      stop_pid "$SP"
      record "$case" "$server" "$run" "${json:-$NO_RESULT}" "$s0"
      sleep 2
    done
  done
}

{
  echo "{\"machine\":{\"cpu\":\"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)\",\"cores\":$(nproc),"
  echo "\"kernel\":\"$(uname -r)\",\"java\":\"$(java -version 2>&1 | head -1 | tr -d '"')\",\"node\":\"$(node --version)\","
  echo "\"fd_limit\":$(ulimit -n),\"commit\":\"$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)\","
  echo "\"runs\":$RUNS,\"warm_runs\":$WARM_RUNS,\"started\":\"$(date -u +%FT%TZ)\",\"loadavg_1m\":$(cut -d' ' -f1 /proc/loadavg)}}"
} | tr -d '\n' >"$OUT/machine.json"
echo >>"$OUT/machine.json"
echo "run-limits: out=$OUT servers=$SERVERS only=$ONLY runs=$RUNS" >&2

if want fanout "$ONLY"; then
  single fanout-1k-max 240 "" -- "${LG[@]}" fanout --n 1000 --messages 3000 --size 100 --rate 0 --warmup 200
  single fanout-1k-at100 240 "" -- "${LG[@]}" fanout --n 1000 --messages 2000 --size 100 --rate 100 --warmup 200
fi
if want echo "$ONLY"; then
  single echo-100c-k10 120 "" -- "${LG[@]}" echo --clients 100 --inflight 10 --size 64 --duration 10 --warmup 3
  single echo-100c-k1 120 "" -- "${LG[@]}" echo --clients 100 --inflight 1 --size 64 --duration 10 --warmup 3
fi
if want rss "$ONLY"; then
  for n in 1000 10000 19000; do
    # a fresh server: RSS per connection is measured from the server's first connection on
    WARM_RUNS=0 single "rss-$n" 300 "" -- "${NODE_LG[@]}" connections --n "$n" --rate 1000 --hold 5 --workers 2
  done
fi
if want cluster "$ONLY"; then
  # members on two servers of one implementation over Redis; the loadgen drives server A and counts A's members,
  # growth.js counts B's; a channel prefix of the run's own keeps the ticks off anything else on that Redis. The
  # warm-up's ticks reach both servers' members first (each member gets a room's ticks in order): the loadgen leaves
  # them out on A, growth.js skips each member's first CLUSTER_WARMUP on B and reads B's CPU from its first counted tick
  export BENCH_REDIS_KEY="sockeye-limits-$$"
  for server in ${SERVERS//,/ }; do
    [ "$server" = limit ] && continue # the limit server has no cluster
    for run in $(seq 1 "$RUNS"); do
      time_left || break
      start_server "$server" "$PORT_BASE" "--adapter $REDIS" || continue; A=$SP
      start_server "$server" $(( PORT_BASE + 1 )) "--adapter $REDIS" || { stop_pid "$A"; continue; }; B=$SP
      REMOTE_LOG="$OUT/cluster-remote-$server-$run.log" # one per run: a run without a count keeps its evidence
      # B's members skip the ticks of the warm-up runs (each 1000 + CLUSTER_WARMUP broadcasts) and the warm-up
      "${GROWTH[@]}" members --port $(( PORT_BASE + 1 )) --n 500 --room bench \
        --skip $(( CLUSTER_WARMUP + WARM_RUNS * (1000 + CLUSTER_WARMUP) )) --server-pid "$B" \
        --max-seconds 400 >"$REMOTE_LOG" 2>&1 &
      MEMBERS=$!
      for _ in $(seq 1 600); do grep -q '^JOINED' "$REMOTE_LOG" && break; sleep 0.1; done
      for warm in $(seq 1 "$WARM_RUNS"); do
        s0="$(cpu_stat)"
        json="$(timeout 300 "${LG[@]}" fanout --n 500 --messages 1000 --size 100 --rate 0 --warmup "$CLUSTER_WARMUP" \
          --port "$PORT_BASE" --label cluster 2>>"$OUT/loadgen.log" | result || true)"
        RECORD_TO="$WARM_RAW" record cluster-redis-2x500 "$server" "$run" "${json:-$NO_RESULT}" "$s0"
        sleep 3 # B's members take the warm-up's last ticks
      done
      s0="$(cpu_stat)"
      b0="$(awk '{print $14+$15}' "/proc/$B/stat")"
      local_json="$(timeout 300 "${LG[@]}" fanout --n 500 --messages 1000 --size 100 --rate 0 --warmup "$CLUSTER_WARMUP" \
        --port "$PORT_BASE" --label cluster 2>>"$OUT/loadgen.log" | result || true)"
      sleep 3 # the remote members' last ticks
      b1="$(awk '{print $14+$15}' "/proc/$B/stat")"
      kill -TERM "$MEMBERS" 2>/dev/null || true; wait "$MEMBERS" 2>/dev/null || true
      remote_json="$(result <"$REMOTE_LOG" || true)"
      stop_pid "$A"; stop_pid "$B"
      json="$(node -e '
        const [l, r, b0, b1] = process.argv.slice(1);
        const local = JSON.parse(l || "{}"), remote = JSON.parse(r || "{}");
        const span = Math.max(local.delivery_span_s || 0, ((remote.last_us || 0) - (remote.first_us || 0)) / 1e6);
        const remoteCpuS = remote.server_cpu_s != null ? remote.server_cpu_s : (Number(b1) - Number(b0)) / 100;
        // every process of the case but the shared Redis: A and the loadgen over its window, B and growth.js from the
        // first tick counted on B; on a busy machine this holds where deliveries/s does not
        const cpu = local.cpu || {}, total = (local.delivered || 0) + (remote.received || 0);
        const caseCpuS = [cpu.server_cpu_s, cpu.loadgen_cpu_s, remote.server_cpu_s, remote.own_cpu_s];
        // without the count of B members the run says nothing about the cluster: a missing run, not a figure of A alone
        const missing = remote.received == null;
        process.stdout.write(JSON.stringify({ ...(missing ? { error: "no RESULT from the members on server B" } : {}),
          warmup: local.warmup, local_delivered: local.delivered, remote_delivered: remote.received,
          expected: 1000 * 1000, delivered_msgs_per_s: missing ? null : Math.round(total / Math.max(span, 1e-3)),
          remote_server_cpu_us_per_msg: remote.received ? Math.round(remoteCpuS / remote.received * 1e8) / 100 : null,
          case_cpu_us_per_msg: total && caseCpuS.every((x) => x != null)
            ? Math.round(caseCpuS.reduce((a, b) => a + b, 0) / total * 1e8) / 100 : null,
          driver: local }));' "$local_json" "$remote_json" "$b0" "$b1")"
      record cluster-redis-2x500 "$server" "$run" "$json" "$s0"
      sleep 2
    done
  done
fi
if want growth "$ONLY"; then
  # about 500 000 deliveries per room size, at full speed
  for n in 10 100 1000 10000; do
    m=$(( 500000 / n )); [ "$m" -gt 20000 ] && m=20000
    single "growth-room-$n" 300 "" -- "${LG[@]}" fanout --n "$n" --messages "$m" --size 100 --rate 0 --warmup $(( m / 10 ))
  done
fi
if want rooms "$ONLY"; then
  # A room of 10 members while one more socket is in 1 other room, then in 10 000 (its baseline first, a fresh
  # server each, alternating per run): the same holder, the same load, only the number of rooms differs. 100 000
  # broadcasts after 10 000 of warm-up, so that a fresh JVM's compilation does not decide the figure (the 20 000 of
  # growth-room-10 take about a second, and two such runs of one server differed by 1.6x).
  for server in ${SERVERS//,/ }; do
    for run in $(seq 1 "$RUNS"); do
      for held in 1 10000; do
        time_left || break
        label="rooms-1-room-10"; [ "$held" = 10000 ] && label="rooms-10k-room-10"
        start_server "$server" "$PORT_BASE" "" || continue
        HOLD_LOG="$OUT/hold-rooms.log"
        "${GROWTH[@]}" hold-rooms --port "$PORT_BASE" --rooms "$held" --max-seconds 400 >"$HOLD_LOG" 2>&1 &
        HOLDER=$!
        for _ in $(seq 1 1200); do grep -q '^HELD' "$HOLD_LOG" && break; sleep 0.1; done
        s0="$(cpu_stat)"
        json="$(timeout 300 "${LG[@]}" fanout --n 10 --messages 100000 --size 100 --rate 0 --warmup 10000 \
          --port "$PORT_BASE" --label "$label" 2>>"$OUT/loadgen.log" | result || true)"
        stop_pid "$HOLDER"; stop_pid "$SP"
        record "$label" "$server" "$run" "${json:-$NO_RESULT}" "$s0"
        sleep 2
      done
    done
  done
fi
# the servers asked for, without Node: for the cases its reference server cannot run
without_node() { echo ",$SERVERS," | sed 's/,node,/,/g; s/^,//; s/,$//'; }
if want union "$ONLY"; then
  # Node's reference server broadcasts to one room only: it would only wait out the timeout
  ALL_SERVERS="$SERVERS"; SERVERS="$(without_node)"
  single union-1k 240 "" -- "${GROWTH[@]}" union --n 1000 --messages 500 --size 100
  SERVERS="$ALL_SERVERS"
fi
if want transports "$ONLY"; then
  # Sockeye and the limit server on each Netty transport (Node has no such choice)
  ALL_SERVERS="$SERVERS"; SERVERS="$(without_node)"
  for t in nio epoll io_uring; do
    single "transport-$t-echo-100c-k10" 120 "--transport $t" -- "${LG[@]}" echo --clients 100 --inflight 10 --size 64 --duration 10 --warmup 3
    single "transport-$t-fanout-1k-max" 240 "--transport $t" -- "${LG[@]}" fanout --n 1000 --messages 3000 --size 100 --rate 0 --warmup 200
  done
  SERVERS="$ALL_SERVERS"
fi

node "$HERE/limits/table.js" "$OUT" >"$OUT/table.md"
cat "$OUT/table.md"
echo "raw lines: $RAW; table: $OUT/table.md" >&2
