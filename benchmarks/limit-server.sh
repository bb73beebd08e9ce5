#!/usr/bin/env bash
# Runs the limit server (dev.sockeye.bench.limit.LimitServer): the bench contract's fan-out, echo and connection
# events done with the least work possible on the same Netty as Sockeye, the physical-limit anchor of
# run-limits.sh. Built and started by bench-server.sh, so with the same JVM and JAVA_OPTS: prints
# "READY port=<port> pid=<pid>" once it listens on 127.0.0.1, exits on SIGTERM/SIGINT or after --max-seconds
# (default 1800).
#
#   benchmarks/limit-server.sh --port 3000 [--transport auto|nio|epoll|io_uring]
set -euo pipefail
BENCH_MAIN_CLASS=dev.sockeye.bench.limit.LimitServer exec "$(dirname "$0")/bench-server.sh" "$@"
