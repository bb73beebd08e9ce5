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
# server touches, and so its RSS, close to what it holds (benchmarks/README.md, "Memory").
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "bench-server.sh: a JDK 17+ is required (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "bench-server.sh: Maven is required (mvn not found)" >&2; exit 1; }

# SOCKEYE_SKIP_BUILD=1: use what an earlier build left in benchmarks/target (the test suite runs this script inside its
# own Maven build, which must not be built over).
if [[ "${SOCKEYE_SKIP_BUILD:-}" != 1 ]]; then
  build=(-B -q package -pl benchmarks -am -Dmaven.test.skip=true)
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  # Offline first: fast, and works without a network once ~/.m2 has everything. Else go online (first run).
  if ! mvn -o "${build[@]}" >"$log" 2>&1; then
    echo "bench-server.sh: building (the first build downloads dependencies)…" >&2
    mvn "${build[@]}" >&2
  fi
  rm -f "$log"
  trap - EXIT
fi

# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM flags
exec java ${JAVA_OPTS:--XX:+UseSerialGC -Xmn16m} -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.sockeye.bench.BenchServer "$@"
