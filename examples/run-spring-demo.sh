#!/usr/bin/env bash
# Runs the Spring Boot chat (examples/spring-chat): builds what it needs (quietly, offline when everything is already
# in ~/.m2), then starts dev.sockeye.examples.spring.SpringChatApplication, which prints "READY port=<port> pid=<pid>"
# once it listens. The page, /socket.io/socket.io.js and Socket.IO itself are all on that one port.
#
#   examples/run-spring-demo.sh                  # http://localhost:3000
#   PORT=8080 examples/run-spring-demo.sh        # another port (0 = any free port)
#   HOST=0.0.0.0 examples/run-spring-demo.sh     # reachable from other machines (default: 127.0.0.1 only)
#   ADAPTER=redis examples/run-spring-demo.sh    # a cluster on Redis (REDIS_HOST, REDIS_PORT; default 127.0.0.1:6379)
#
# Needs a JDK 17+ and Maven 3.8+. Stop it with Ctrl-C: connected pages are told and reconnect to the next start.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=../scripts/package-quietly.sh
source scripts/package-quietly.sh
package_quietly examples/spring-chat run-spring-demo.sh

export PORT="${PORT:-3000}"
exec java -cp "examples/spring-chat/target/classes:$(cat examples/spring-chat/target/classpath.txt)" \
  dev.sockeye.examples.spring.SpringChatApplication
