#!/usr/bin/env bash
# Runs the Sockeye bench server of ../shared/bench/CONTRACT.md (dev.sockeye.bench.BenchServer): builds what it needs
# (quietly, offline when everything is already in ~/.m2), then execs the JVM in the foreground, which prints
# "READY port=<port> pid=<pid>" once it listens on 127.0.0.1.
#
#   benchmarks/bench-server.sh --port 3000
#   benchmarks/bench-server.sh --port 3001 --adapter redis://127.0.0.1:6379           # classic Redis adapter
#   benchmarks/bench-server.sh --port 3002 --adapter redis-sharded://127.0.0.1:6379   # sharded (Redis 7)
#   benchmarks/bench-server.sh --port 3005 --adapter redis-streams://127.0.0.1:6379   # Redis Streams (contract v2)
#   benchmarks/bench-server.sh --port 3003 --adapter postgres://postgres@127.0.0.1:5432/test
#   benchmarks/bench-server.sh --port 3004 --parser msgpack      # socket.io-msgpack-parser's format (contract v2)
#   benchmarks/bench-server.sh --port 3006 --admin-ui admin:changeit   # instrumented for the Socket.IO Admin UI
#   benchmarks/bench-server.sh --port 3007 --recovery            # connection state recovery, Node's defaults (v2)
#   benchmarks/bench-server.sh --port 3008 --metrics-port 9464   # Prometheus text at http://127.0.0.1:9464/metrics (v2)
#   benchmarks/bench-server.sh --port 3009 --front tomcat        # the servlet front in embedded Tomcat (or jetty)
#   benchmarks/bench-server.sh --port 3009 --allow-eio3          # Engine.IO v3 clients (Socket.IO v2) accepted too (v2)
#
#   benchmarks/bench-server.sh --port 3009 --transport nio         # the Netty transport: auto (default), nio, epoll, io_uring
#
# Other flags: --max-seconds N (self-exit, default 1800). Env PORT is the port when --port is absent.
# JAVA_OPTS is passed to the JVM; the default (DEFAULT_JAVA_OPTS below) keeps the memory the server touches, and so
# its RSS, close to what it holds (benchmarks/README.md, "Memory per connection"): a small young generation, and
# malloc'ed memory the JVM has freed (mostly the JIT compiler's arenas of the warm-up) given back to the OS every
# 200 ms instead of kept by glibc. The trim flag is experimental in JDK 17 and a product flag from JDK 21 on.
# BENCH_MAIN_CLASS runs another main class of the module the same way (limit-server.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=../scripts/package-quietly.sh
source scripts/package-quietly.sh
package_quietly benchmarks bench-server.sh

DEFAULT_JAVA_OPTS="-XX:+UseSerialGC -Xmn16m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=200"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of JVM flags
exec java ${JAVA_OPTS:-$DEFAULT_JAVA_OPTS} -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  "${BENCH_MAIN_CLASS:-dev.sockeye.bench.BenchServer}" "$@"
