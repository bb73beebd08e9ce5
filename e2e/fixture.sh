#!/usr/bin/env bash
# Builds the conformance fixture if needed, then runs it in the foreground on $HOST:$PORT
# (default 127.0.0.1:3000). See shared/conformance/FIXTURE.md. Stop it with SIGTERM.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cpfile="e2e/target/fixture.classpath"
build() {
  mvn -B -q -Dstyle.color=never "$@" -pl e2e -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/fixture.classpath -Dmdep.includeScope=runtime >&2
}
# offline first (dependencies already in ~/.m2), online when something is missing
build -o || build
exec java -XX:+UseSerialGC -cp "e2e/target/classes:$(cat "$cpfile")" dev.sockeye.e2e.ConformanceFixture
