#!/usr/bin/env bash
# Starts a bench server (Sockeye, or the Node reference of ../shared/bench), runs one probe of probe.js against it,
# and stops the server. One command per attack; every phase is bounded (probe.js's time limits, the server's own
# --max-seconds), loopback only.
#
#   benchmarks/attacks/run.sh pipelined-post sockeye          # one hostile connection pipelining a chunked POST
#   benchmarks/attacks/run.sh non-reading-ws node             # a WebSocket that reads nothing, against Node
#   benchmarks/attacks/run.sh soak sockeye --cycles 1000000   # connect/disconnect cycles, heap after GC before/after
#
# Env: PORT (default 4310), REFERENCE_NODE (default ../shared/bench/reference-node, beside this repository; it needs
# its node_modules: `npm ci` there), JAVA_OPTS (passed to bench-server.sh). Arguments after the server kind go to
# probe.js. Prints the probe's summary and JSON line, and for Sockeye the heap in use after a full GC before and after
# (for the soak also RSS).
set -euo pipefail
cd "$(dirname "$0")"
attack="${1:?usage: run.sh pipelined-post|non-reading-ws|soak sockeye|node [probe args]}"
kind="${2:?usage: run.sh ATTACK sockeye|node [probe args]}"
shift 2
port="${PORT:-4310}"
reference="${REFERENCE_NODE:-../../../shared/bench/reference-node}"
[[ -d node_modules ]] || npm ci --no-audit --no-fund >/dev/null

log="$(mktemp)"
case "$kind" in
  sockeye) ../bench-server.sh --port "$port" --max-seconds 7200 >"$log" 2>&1 & ;;
  node) node "$reference/server.js" --port "$port" --max-seconds 7200 >"$log" 2>&1 & ;;
  *) echo "unknown server kind: $kind (sockeye or node)" >&2; exit 2 ;;
esac
launcher=$!
pid=""
for _ in $(seq 1 6000); do # a Sockeye run builds it first (SOCKEYE_SKIP_BUILD=1 skips that): up to 10 minutes
  pid="$(sed -n 's/^READY port=[0-9]* pid=\([0-9]*\).*/\1/p' "$log")"
  [[ -n "$pid" ]] && break
  kill -0 "$launcher" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$pid" ]] || { echo "the server did not start" >&2; cat "$log" >&2; kill "$launcher"; exit 1; }
trap 'kill "$pid" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -f "$log"' EXIT

heap_after_gc() { # bytes of Java heap in use right after a full GC (survivors, eden and old generation)
  jcmd "$pid" GC.run >/dev/null
  jstat -gc "$pid" | awk 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i }
    NR == 2 { printf "%d\n", ($h["S0U"] + $h["S1U"] + $h["EU"] + $h["OU"]) * 1024 }'
}
rss() { awk '/VmRSS/ { print $2 * 1024 }' "/proc/$pid/status"; }

echo "$kind server pid $pid on port $port"
if [[ "$attack" == soak ]]; then
  node probe.js soak --port "$port" --cycles 2000 >/dev/null # warm-up, not counted
  if [[ "$kind" == sockeye ]]; then echo "before: heap after GC $(heap_after_gc) B, RSS $(rss) B"; else echo "before: RSS $(rss) B"; fi
  start=$(date +%s)
  node probe.js soak --port "$port" "$@"
  sleep 5 # the last closes complete
  if [[ "$kind" == sockeye ]]; then echo "after: heap after GC $(heap_after_gc) B, RSS $(rss) B"; else echo "after: RSS $(rss) B"; fi
  echo "took $(( $(date +%s) - start )) s"
else
  # the JVM keeps the heap it grew, so its RSS says little of what was released: the heap after a full GC does
  if [[ "$kind" == sockeye ]]; then echo "before: heap after GC $(heap_after_gc) B"; fi
  node probe.js "$attack" --port "$port" --pid "$pid" "$@"
  if [[ "$kind" == sockeye ]]; then echo "after: heap after GC $(heap_after_gc) B, RSS $(rss) B"; fi
fi
