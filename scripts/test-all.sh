#!/usr/bin/env bash
# Every test of the project: the Maven build (`mvn -B install`: codec, EmbeddedChannel, wire-level and
# real-peer tests, then the artifacts into the local Maven repository), a consumer application built
# against those artifacts (e2e/consumer-check.sh), then the official Engine.IO and Socket.IO protocol
# test suites against the conformance fixture (e2e/fixture.sh) on each HTTP front, through the shared runner in
# ../shared/conformance. Each part runs even when an earlier one fails; the exit status is 0 only
# when all passed. A suite run that fails is run once more and both results are printed: the suites
# time sessions in hundreds of milliseconds, which a loaded 2-core machine sometimes misses (the
# retry and its cause show in the output, so a flaky server cannot hide). Needs what `mvn -B verify`
# needs (see README, Tests) and Node 20 with npm and git for the runner, which installs each suite's
# mocha/chai from npm into a cache under /tmp.
#
# CONFORMANCE_PORT: the port the fixture listens on for the suites. Defaults to 3000.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The official suites to run, by the runner's names: adding a suite is adding its name here. The
# Engine.IO v3 suite (engineio-v3, for allowEIO3) is not here: its "message WebSocket sends and receives
# a plain text packet" awaits "open" and only then attaches its message listener. Its client, ws 8.21,
# emits "open" inside the HTTP upgrade callback and hands the bytes read with the 101 response to its
# frame parser on the next process.nextTick, which Node runs before the test's await continuation: a
# handshake frame read together with the 101 is emitted to no listener, and the test times out. A server
# cannot prevent that read (it writes the 101 and the open packet separately, as Node does; the client
# reads whatever has arrived when it wakes up) except by holding the open packet back for a guessed delay.
# Measured on a loaded 2-core machine (load 19-24): the ws client with the suite's pattern missed the open
# packet in 21-33 % of connections to the Node server and 35-43 % to the fixture, and the suite passed
# 7 runs of 20 against the fixture (the runner itself warns that this copy lacks the suite's later fix).
# Run it by hand with --suites engineio-v3 (README, Tests).
suites=(engineio socketio)

shared="$root/../shared/conformance"
[[ -x "$shared/run-official.sh" ]] || { echo "test-all: $shared/run-official.sh not found" >&2; exit 2; }

mvn -B install
maven=$?

e2e/consumer-check.sh
consumer=$?

# The HTTP fronts the suites run against (e2e/fixture.sh's SOCKEYE_FRONT): the Netty front, and the servlet
# front in embedded Tomcat and in embedded Jetty. Each front's run took 2.5 to 3 minutes on a loaded 2-core
# machine (netty 160 s, jetty 166 s, most of it the fixture's own offline Maven build, once per suite, which
# this script now skips after a passing install), twice that when retried.
fronts=(netty tomcat jetty)
# Fronts whose suite results are printed but do not fail this script unless SOCKEYE_STRICT_FRONTS=1: none now.
# The servlet fronts were advisory while they lost some of the suites' races between connections (a poll and a
# close, or two polls, sent at once on two connections, which a servlet container hands over in either order).
# Measured on 2026-12-07, 5 runs per front: before the session bound of ConnectionArrivals and the servlet
# WebSocket's afterPendingInput, Tomcat passed 2 and Jetty 3 (load average 8-10); with them, both 5 of 5 (load
# average 3-5.5). Still possible, seen once in 30 runs of the intermediate code: "cancelled polling request" on Jetty
# (two polls bounded by the same answer tie, and the container handed over the later one first); a failed run is
# retried once below. A front listed here again (" tomcat jetty ") is printed but not counted.
advisory_fronts=" "

# The fixture builds what it needs itself, offline first; after a passing install it is built already (the e2e
# module's build writes the fixture's classpath file), so each suite run skips that minute-long build.
if (( maven == 0 )) && [[ -s e2e/target/fixture.classpath ]]; then
  export SOCKEYE_SKIP_BUILD=1
fi
run_suites() {
  SOCKEYE_FRONT="$1" "$shared/run-official.sh" --suites "$(IFS=,; echo "${suites[*]}")" --port "${CONFORMANCE_PORT:-3000}" \
    --startup-timeout 600 "$shared/official" "exec ./e2e/fixture.sh"
}
conformance=0
results=()
for front in "${fronts[@]}"; do
  started=$SECONDS
  echo "test-all: the official suites against the $front front"
  run_suites "$front"
  status=$?
  if (( status == 1 )); then
    echo "test-all: RETRY: an official suite failed against the $front front (summary above); running the suites once more"
    run_suites "$front"
    status=$?
  fi
  if (( status != 0 )) && [[ "$advisory_fronts" == *" $front "* && "${SOCKEYE_STRICT_FRONTS:-}" != 1 ]]; then
    echo "test-all: ADVISORY: the $front front failed the official suites (summary above); not counted (SOCKEYE_STRICT_FRONTS=1 counts it)"
    results+=("$front exited $status (advisory) in $((SECONDS - started)) s")
    continue
  fi
  results+=("$front exited $status in $((SECONDS - started)) s")
  if (( status != 0 )); then
    conformance=$status
  fi
done

echo "test-all: mvn -B install exited $maven, consumer-check exited $consumer," \
  "the official suites (${suites[*]}): $(IFS=,; echo "${results[*]}" | sed 's/,/, /g')"
if (( maven != 0 || consumer != 0 || conformance != 0 )); then
  exit 1
fi
