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

# shellcheck source=../scripts/package-quietly.sh
source scripts/package-quietly.sh
package_quietly examples run-demo.sh

export PORT="${PORT:-3000}"
exec java -cp "examples/target/classes:$(cat examples/target/classpath.txt)" dev.sockeye.examples.ChatDemo
