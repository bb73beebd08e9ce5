#!/usr/bin/env bash
# Runs the JMH benchmarks of dev.sockeye.bench.jmh: builds what they need (quietly, offline when everything is
# already in ~/.m2), then starts JMH with the arguments given, passed through unchanged.
#
#   benchmarks/run-jmh.sh                                  # every benchmark, JMH's defaults (long: ~1 h)
#   benchmarks/run-jmh.sh -f 1 -wi 5 -w 2s -i 5 -r 2s      # the settings of the committed results (~6 min)
#   benchmarks/run-jmh.sh BroadcastFanOut -p sockets=1000  # one benchmark, one parameter value
#   benchmarks/run-jmh.sh -prof gc -rf json -rff out.json  # allocation per operation, JSON results
#   benchmarks/run-jmh.sh -h                               # JMH's own help
#
# Needs a JDK 17+ and Maven 3.8+. What each benchmark measures: benchmarks/JMH.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=../scripts/package-quietly.sh
source scripts/package-quietly.sh
package_quietly benchmarks run-jmh.sh

# Without a benchmark name JMH would run every benchmark on the classpath; these are the only ones there.
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$@"
