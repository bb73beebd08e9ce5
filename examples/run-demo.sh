#!/usr/bin/env bash
# Runs the Sockeye chat demo: builds what it needs (quietly, offline when everything is already in ~/.m2), then
# starts dev.sockeye.examples.ChatDemo, which prints "READY port=<port> pid=<pid>" once it listens.
#
#   examples/run-demo.sh                 # http://localhost:3000
#   PORT=8080 examples/run-demo.sh       # another port (0 = any free port)
#   HOST=0.0.0.0 examples/run-demo.sh    # reachable from other machines (default: 127.0.0.1 only)
#
# Needs a JDK 17+ and Maven 3.8+. Stop it with Ctrl-C: connected pages are told and reconnect to the next start.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "run-demo.sh: a JDK 17+ is required (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "run-demo.sh: Maven is required (mvn not found)" >&2; exit 1; }

# SOCKEYE_SKIP_BUILD=1: use what an earlier build left in examples/target (the test suite runs this script inside its
# own Maven build, which must not be built over).
if [[ "${SOCKEYE_SKIP_BUILD:-}" != 1 ]]; then
  build=(-B -q package -pl examples -am -Dmaven.test.skip=true)
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  # Offline first: fast, and works without a network once ~/.m2 has everything. Else go online (first run).
  if ! mvn -o "${build[@]}" >"$log" 2>&1; then
    echo "run-demo.sh: building (the first build downloads dependencies)…" >&2
    mvn "${build[@]}" >&2
  fi
  rm -f "$log"
  trap - EXIT
fi

export PORT="${PORT:-3000}"
exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.sockeye.examples.ChatDemo
