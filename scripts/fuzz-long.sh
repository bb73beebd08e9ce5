#!/usr/bin/env bash
# The long fuzzing run of benchmarks/ROBUSTNESS.md: every Jazzer fuzz target, one at a time (Jazzer fuzzes one
# target per JVM, and one at a time leaves the other core to the machine), each bounded by a number of executions
# and by a time, whichever comes first. Run from the repository root:
#
#   scripts/fuzz-long.sh                        # every target, 10 000 000 executions or 30 minutes each
#   FUZZ_RUNS=1000000 FUZZ_SECONDS=300 scripts/fuzz-long.sh core-parser engine-polling
#   scripts/fuzz-long.sh --list                 # the target names
#
# Prints one summary line per target (executions, seconds, exec/s, corpus entries and size, findings) and keeps
# each full log in target/fuzz-long/<name>.log. A finding fails the target: Jazzer stores the crashing input in
# the target's inputs directory under src/test/resources, where the regression run of every `mvn verify` picks it
# up; fix the decoder and commit the input. The corpus Jazzer grows is kept in <module>/.cifuzz-corpus/ (ignored by
# git) and reused by the next run.
set -euo pipefail

RUNS="${FUZZ_RUNS:-10000000}"
SECONDS_PER_TARGET="${FUZZ_SECONDS:-1800}"

# name module test-class#method
TARGETS=(
  "engine-polling sockeye-engine EngineDecoderFuzzTest#decodesAPollingPayload"
  "engine-websocket sockeye-engine EngineDecoderFuzzTest#decodesWebSocketFrames"
  "core-parser sockeye-core JsonDecoderFuzzTest#decodesATextPacketFollowedByItsAttachments"
  "core-cluster sockeye-core ClusterMessageCodecFuzzTest#decodesAnyBusPayload"
  "redis-classic-broadcast sockeye-redis ClassicWireFuzzTest#decodesABroadcast"
  "redis-classic-request sockeye-redis ClassicWireFuzzTest#decodesARequestOrResponse"
  "redis-sharded-msgpack sockeye-redis ShardedWireFuzzTest#decodesAMsgpackMessage"
  "redis-sharded-json sockeye-redis ShardedWireFuzzTest#decodesAJsonMessage"
  "postgres-notification sockeye-postgres PgWireFuzzTest#decodesANotificationAndItsAttachmentRow"
)

if [[ "${1:-}" == "--list" ]]; then
  for t in "${TARGETS[@]}"; do echo "${t%% *}"; done
  exit 0
fi

selected=("$@")
logs=target/fuzz-long
mkdir -p "$logs"
failed=0

for t in "${TARGETS[@]}"; do
  read -r name module test <<<"$t"
  if ((${#selected[@]})) && [[ " ${selected[*]} " != *" $name "* ]]; then
    continue
  fi
  log="$logs/$name.log"
  # jazzer.internal.arg.N are the libFuzzer arguments Jazzer 0.24's JUnit integration reads (arg.0 is argv[0]);
  # they come after the @FuzzTest's own -max_total_time, so they win. -am builds what the module needs without
  # installing anything; its tests are filtered out by -Dtest.
  status=0
  JAZZER_FUZZ=1 mvn -B -o test -pl "$module" -am -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz-long \
    -Djazzer.internal.arg.1="-runs=$RUNS" \
    -Djazzer.internal.arg.2="-max_total_time=$SECONDS_PER_TARGET" \
    >"$log" 2>&1 || status=$?
  # libFuzzer's last status line: "#N DONE cov: C ft: F corp: E/SIZE lim: L exec/s: X rss: R", then "Done N runs in T
  # second(s)" (also after a finding); each finding is a "Test unit written to …/crash-<sha1>" line.
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|REDUCE|NEW|pulse)' "$log" | tail -1 || true)
  runs_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 || true)
  crashes=$(grep -o 'Test unit written to [^ ]*' "$log" | sed 's/Test unit written to //' || true)
  runs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$runs_line")
  secs=$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$runs_line")
  corp=$(sed -E 's/.*corp: ([0-9]+\/[0-9A-Za-z]+).*/\1/' <<<"$done_line")
  cov=$(sed -E 's/.*cov: ([0-9]+).*/\1/' <<<"$done_line")
  summary="${runs:-?} executions in ${secs:-?} s ($(( ${runs:-0} / (${secs:-0} > 0 ? ${secs:-1} : 1) )) exec/s), corpus ${corp:-?}, cov ${cov:-?}"
  if [[ $status -ne 0 || -z "$runs_line" || -n "$crashes" ]]; then
    failed=1
    echo "$name: FAILED (exit $status) after $summary; findings: ${crashes:-none written} — see $log"
  else
    echo "$name: $summary, findings 0"
  fi
done
exit $failed
