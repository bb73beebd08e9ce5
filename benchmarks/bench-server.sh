#!/usr/bin/env bash
# Runs the Sockeye bench server of ../shared/bench/CONTRACT.md (dev.sockeye.bench.BenchServer): builds what it needs
# (quietly, offline when everything is already in ~/.m2), then execs the JVM in the foreground, which prints
# "READY port=<port> pid=<pid>" once it listens on 127.0.0.1.
#
#   benchmarks/bench-server.sh --port 3000
#   benchmarks/bench-server.sh --port 3001 --adapter redis://127.0.0.1:6379           # classic Redis adapter
#   benchmarks/bench-server.sh --port 3002 --adapter redis-sharded://127.0.0.1:6379   # sharded (Redis 7)
#   benchmarks/bench-server.sh --port 3003 --adapter postgres://postgres@127.0.0.1:5432/test
#
# Other flags: --max-seconds N (self-exit, default 1800). Env PORT is the port when --port is absent.
# JAVA_OPTS is passed to the JVM; default -XX:+UseSerialGC -Xmn16m: a small young generation keeps the heap the
# server touches, and so its RSS, close to what it holds (benchmarks/README.md, "Memory per connection").
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=../scripts/package-quietly.sh
source scripts/package-quietly.sh
package_quietly benchmarks bench-server.sh

# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM flags
exec java ${JAVA_OPTS:--XX:+UseSerialGC -Xmn16m} -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.sockeye.bench.BenchServer "$@"
