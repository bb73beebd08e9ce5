#!/usr/bin/env bash
# Builds the conformance fixture if needed, then runs it in the foreground on $HOST:$PORT
# (default 127.0.0.1:3000). See shared/conformance/FIXTURE.md. Stop it with SIGTERM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cpfile="e2e/target/fixture.classpath"
# test-compile, not compile: a module in e2e's tree (sockeye-testing) uses sockeye-core's test classes, which the
# reactor finds only once they are compiled (with compile alone the build fails looking for sockeye-core:tests)
build() {
  mvn -B -q -Dstyle.color=never "$@" -pl e2e -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/fixture.classpath -Dmdep.includeScope=runtime >&2
}
# SOCKEYE_SKIP_BUILD=1: use what an earlier build left in e2e/target (the test suite runs this script inside its
# own Maven build, which must not be built over; that build writes the classpath file before its tests run).
if [[ "${SOCKEYE_SKIP_BUILD:-}" != 1 ]]; then
  # offline first (dependencies already in ~/.m2), online when something is missing
  build -o || build
fi
exec java -XX:+UseSerialGC -cp "e2e/target/classes:$(cat "$cpfile")" dev.sockeye.e2e.ConformanceFixture
