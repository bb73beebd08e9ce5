#!/usr/bin/env bash
# Every test of the project: the Maven build (`mvn -B install`: codec, EmbeddedChannel, wire-level and
# real-peer tests, then the artifacts into the local Maven repository), a consumer application built
# against those artifacts (e2e/consumer-check.sh), then the official Engine.IO v4 and Socket.IO v5 protocol
# test suites and the Engine.IO v3 suite (allowEIO3) against the conformance fixture (e2e/fixture.sh) on each HTTP
# front, through the shared runner in ../shared/conformance. Each part runs even when an earlier one fails; the exit
# status is 0 only when all passed. A v4 suite run that fails is run once more and both results are printed: the
# suites time sessions in hundreds of milliseconds, which a loaded 2-core machine sometimes misses (the retry and its
# cause show in the output, so a flaky server cannot hide); the v3 suite re-runs only for its one known race (see
# v3_known_race). Needs what `mvn -B verify` needs (see README, Tests) and Node 20 with npm and git for the runner,
# which installs each suite's mocha/chai from npm into a cache under /tmp.
#
# CONFORMANCE_PORT: the port the fixture listens on for the suites. Defaults to 3000.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The official v4 suites to run, by the runner's names: adding a suite is adding its name here.
suites=(engineio socketio)

# The official Engine.IO v3 suite (engineio-v3, for allowEIO3) runs after them on the v3_fronts, and every one of its
# tests counts but one: "message WebSocket sends and receives a plain text packet" is racy in the suite copy itself.
# It awaits "open" and only then attaches its message listener; its client, ws 8.21, emits "open" inside the HTTP
# upgrade callback and hands the bytes read together with the 101 response to its frame parser on the next
# process.nextTick, which Node runs before the test's await continuation: a handshake frame that arrived in the same
# read as the 101 goes to no listener and the test times out. Node's engine.io writes the 101 and the open packet
# as two writes of one event-loop turn (ws completeUpgrade, then the open packet one microtask later), and so does
# Sockeye (the 101, then the open packet flushed once its write completed); whether the client reads them apart is
# up to its scheduling. Measured 2026-12-07 (load average 6 to 19): the suite failed this test in 12 runs of 20
# against Node's engine.io 6.6.12 and 13 of 20 against the fixture; the suite's client pattern missed the handshake
# frame in 106 of 200 connections to Node and 77 of 200 to the fixture. The suite's later copies buffer events
# (`_eventBuffer`); this one does not, and the runner warns about it. So: a run whose only failure
# is that test is run again, up to v3_attempts runs in all; when every attempt fails only there, a KNOWN SUITE BUG
# line says so and the front still passes. Any other failure is run once more, as for the v4 suites, and a second one
# fails this script.
v3_known_race="Engine.IO protocol message WebSocket sends and receives a plain text packet"
v3_attempts=3
# The fronts the v3 suite runs on. Its framing, heartbeat and JSONP live in the engine, which every front shares; the
# servlet fronts passed its 22 other tests by hand (2026-12-07, load average 25), but one run took Tomcat 24 s and
# Jetty 30 s against 15 s on Netty (most of it the fixture's start), and up to 3 runs each would add minutes.
v3_fronts=" netty "

shared="$root/../shared/conformance"
[[ -x "$shared/run-official.sh" ]] || { echo "test-all: $shared/run-official.sh not found" >&2; exit 2; }

mvn -B install
maven=$?
# Tests that failed once and passed when surefire ran them again (the root pom's rerunFailingTestsCount): each is a
# race to fix, listed here so that it is seen.
flaky="$(grep -l -E '<flaky(Failure|Error)' ./*/target/surefire-reports/TEST-*.xml 2>/dev/null \
  | sed -E 's#.*/TEST-(.*)\.xml#\1#' | tr '\n' ' ')"
[[ -n "$flaky" ]] && echo "test-all: passed only when run again (races to fix): $flaky"

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
# One run of the v3 suite against the front $1. Status: 0 passed, 3 failed only in $v3_known_race, else the runner's.
run_v3_suite() {
  local workdir status
  workdir=$(mktemp -d /tmp/sockeye-v3.XXXXXX) || return 2
  SOCKEYE_FRONT="$1" "$shared/run-official.sh" --suites engineio-v3 --port "${CONFORMANCE_PORT:-3000}" \
    --startup-timeout 600 --workdir "$workdir" "$shared/official" "exec ./e2e/fixture.sh"
  status=$?
  # the runner's result file lists every failed test by its full title (the runner keeps the folder when one failed)
  if (( status == 1 )) && node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const failed = new Set(r.failures.map((f) => f.title));
      process.exit(failed.size === 1 && failed.has(process.argv[2]) ? 0 : 1);
    ' "$workdir/logs/result-engineio-v3.json" "$v3_known_race" 2>/dev/null; then
    status=3
  fi
  return $status
}

# The v3 suite against the front $1, with the known race's re-runs. Sets v3_result; status 0 unless it counts as failed.
v3_suite() {
  local attempt status other_failures=0
  for ((attempt = 1; attempt <= v3_attempts; attempt++)); do
    run_v3_suite "$1"
    status=$?
    if (( status == 0 )); then
      v3_result="engineio-v3 passed on attempt $attempt of $v3_attempts"
      echo "test-all: $v3_result against the $1 front"
      return 0
    elif (( status != 3 )); then
      # another test failed: like the v4 suites, it gets one more run (timing on a loaded machine), not two
      other_failures=$((other_failures + 1))
      if (( other_failures > 1 || attempt == v3_attempts )); then
        v3_result="engineio-v3 FAILED on attempt $attempt (exit $status)"
        echo "test-all: the $1 front FAILED the engineio-v3 suite on attempt $attempt (exit $status): a test other" \
          "than the known suite race failed, or the run did not complete (summary above)"
        return "$status"
      fi
      echo "test-all: RETRY: engineio-v3 attempt $attempt against the $1 front failed in a test other than the known" \
        "race (summary above); running it once more"
      continue
    fi
    echo "test-all: RETRY: engineio-v3 attempt $attempt of $v3_attempts against the $1 front failed only in" \
      "\"$v3_known_race\", the suite's own race (see the comment at v3_known_race in scripts/test-all.sh)"
  done
  v3_result="engineio-v3 failed only in the known suite race in all $v3_attempts attempts (not counted)"
  echo "test-all: KNOWN SUITE BUG: the $1 front failed \"$v3_known_race\" in all $v3_attempts attempts and no other" \
    "test: the v3 suite copy attaches its message listener after \"open\" and misses a handshake frame read with the" \
    "101 (fixed by the suite's later _eventBuffer, missing from this copy); not counted"
  return 0
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
  timing="in $((SECONDS - started)) s"
  if [[ "$v3_fronts" == *" $front "* ]]; then
    v3_started=$SECONDS
    echo "test-all: the official Engine.IO v3 suite against the $front front"
    v3_suite "$front"
    v3_status=$?
    if (( status == 0 )); then
      status=$v3_status
    fi
    timing="(v4 suites $((v3_started - started)) s; $v3_result in $((SECONDS - v3_started)) s)"
  fi
  if (( status != 0 )) && [[ "$advisory_fronts" == *" $front "* && "${SOCKEYE_STRICT_FRONTS:-}" != 1 ]]; then
    echo "test-all: ADVISORY: the $front front failed the official suites (summary above); not counted (SOCKEYE_STRICT_FRONTS=1 counts it)"
    results+=("$front exited $status (advisory) $timing")
    continue
  fi
  results+=("$front exited $status $timing")
  if (( status != 0 )); then
    conformance=$status
  fi
done

echo "test-all: mvn -B install exited $maven, consumer-check exited $consumer," \
  "the official suites (${suites[*]}; engineio-v3 on $(echo $v3_fronts)): $(IFS=,; echo "${results[*]}" | sed 's/,/, /g')"
if (( maven != 0 || consumer != 0 || conformance != 0 )); then
  exit 1
fi
