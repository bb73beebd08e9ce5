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

command -v java >/dev/null || { echo "run-jmh.sh: a JDK 17+ is required (java not found)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "run-jmh.sh: Maven is required (mvn not found)" >&2; exit 1; }

build=(-B -q package -pl benchmarks -am -Dmaven.test.skip=true)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Offline first: fast, and works without a network once ~/.m2 has everything. Else go online (first run).
if ! mvn -o "${build[@]}" >"$log" 2>&1; then
  echo "run-jmh.sh: building (the first build downloads dependencies)…" >&2
  mvn "${build[@]}" >&2
fi
rm -f "$log"
trap - EXIT

# Without a benchmark name JMH would run every benchmark on the classpath; these are the only ones there.
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main "$@"
