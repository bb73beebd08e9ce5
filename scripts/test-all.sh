#!/usr/bin/env bash
# Every test of the project: the Maven build (`mvn -B verify`: codec, EmbeddedChannel, wire-level and
# real-peer tests), then the official Engine.IO and Socket.IO protocol test suites against the
# conformance fixture (e2e/fixture.sh), through the shared runner in ../shared/conformance. Both run
# even when the first fails; the exit status is 0 only when both passed. Needs what `mvn -B verify`
# needs (see README, Tests) and Node 20 with npm and git for the runner, which installs each suite's
# mocha/chai from npm into a cache under /tmp.
#
# CONFORMANCE_PORT: the port the fixture listens on for the suites. Defaults to 3000.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The official suites to run, by the runner's names: adding a suite is adding its name here.
suites=(engineio socketio)

shared="$root/../shared/conformance"
[[ -x "$shared/run-official.sh" ]] || { echo "test-all: $shared/run-official.sh not found" >&2; exit 2; }

mvn -B verify
maven=$?

# the fixture builds what it needs itself, offline first (already built by the verify above)
"$shared/run-official.sh" --suites "$(IFS=,; echo "${suites[*]}")" --port "${CONFORMANCE_PORT:-3000}" \
  --startup-timeout 600 "$shared/official" "exec ./e2e/fixture.sh"
conformance=$?

echo "test-all: mvn -B verify exited $maven, the official suites (${suites[*]}) exited $conformance"
if (( maven != 0 || conformance != 0 )); then
  exit 1
fi
