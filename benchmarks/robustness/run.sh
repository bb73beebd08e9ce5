#!/usr/bin/env bash
# Runs one robustness probe against a fresh server and prints its JSON line (benchmarks/ROBUSTNESS.md).
#
#   benchmarks/robustness/run.sh slow-consumers sockeye [PORT]           # this checkout's bench server
#   benchmarks/robustness/run.sh slow-consumers node [PORT]              # the Node reference (../shared/bench)
#   benchmarks/robustness/run.sh polling-echo sockeye [PORT]
#   SOCKEYE_ROOT=/path/to/other/checkout benchmarks/robustness/run.sh slow-consumers sockeye   # another build
#
# The clients come from e2e/node (npm ci there first); the Node reference runs with those packages as well
# (socket.io 4.8.4, the version its package.json pins). Extra probe flags go in PROBE_ARGS. Loopback only; the
# server stops when the probe ends, and after 900 s at the latest.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PROBE="$1" SERVER="$2" PORT="${3:-4400}"
export NODE_PATH="$REPO/e2e/node/node_modules"
case "$SERVER" in
  sockeye)
    ROOT="${SOCKEYE_ROOT:-$REPO}"
    (cd "$ROOT" && exec env SOCKEYE_SKIP_BUILD="${SOCKEYE_SKIP_BUILD:-0}" benchmarks/bench-server.sh --port "$PORT" --max-seconds 900) &
    ;;
  node)
    node --expose-gc "$REPO/../shared/bench/reference-node/server.js" --port "$PORT" --max-seconds 900 &
    ;;
  *) echo "server: sockeye or node" >&2; exit 2 ;;
esac
SERVER_PID=$!
trap 'pkill -P $SERVER_PID 2>/dev/null; kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
# shellcheck disable=SC2086 # PROBE_ARGS is a list of flags
node "$HERE/$PROBE.js" --port "$PORT" ${PROBE_ARGS:-}
