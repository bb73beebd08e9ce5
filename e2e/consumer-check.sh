#!/usr/bin/env bash
# Builds e2e/consumer-project (a user's application that imports sockeye-bom) against the Sockeye
# artifacts in the local Maven repository (`mvn install` first), and checks what a user gets:
#  1. one Netty version in its dependency tree (Lettuce alone would bring an older one), and one for the native
#     transports;
#  2. the server's logs with an SLF4J binding, and a line saying what to add without one.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
project=e2e/consumer-project
log() { echo "[consumer-check] $*"; }
mvn_consumer() { mvn -B -q -Dstyle.color=never -f "$project/pom.xml" -o "$@" || mvn -B -q -Dstyle.color=never -f "$project/pom.xml" "$@"; }

mvn_consumer dependency:tree -Dincludes=io.netty -DoutputFile=target/netty-tree.txt >&2
# The native transports (epoll, io_uring and their unix-common) come at their own version: Maven Central serves their
# linux-x86_64 files up to 4.2.18.Final only, and the BOM pins them there (as sockeye-netty is built and tested).
native='netty-transport-(native|classes)-(epoll|io_uring)|netty-transport-native-unix-common'
artifacts="$(grep -oE 'io\.netty:[a-z0-9_-]+:jar:([a-z0-9_-]+:)?[0-9][^:]*' "$project/target/netty-tree.txt" | sort -u)"
versions="$(grep -vE "io\.netty:($native):" <<<"$artifacts" | awk -F: '{print $NF}' | sort -u)"
native_versions="$(grep -E "io\.netty:($native):" <<<"$artifacts" | awk -F: '{print $NF}' | sort -u)"
log "netty versions in the consumer's tree: $(echo $versions) (native transports: $(echo $native_versions))"
if [[ "$(wc -l <<<"$versions")" != 1 || "$(wc -l <<<"$native_versions")" != 1 ]]; then
  log "FAIL: more than one Netty version"; cat "$project/target/netty-tree.txt"; exit 1
fi

run_app() { # $1: extra maven args; prints the application's output
  mvn_consumer "$@" compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
  java -cp "$project/target/classes:$(cat "$project/target/classpath.txt")" consumer.ConsumerApp 2>&1
}
with_binding="$(run_app -Pwith-binding)"
grep -q "CONSUMER STARTED" <<<"$with_binding" || { log "FAIL: the application did not start"; echo "$with_binding"; exit 1; }
grep -q "Sockeye listening on 127.0.0.1:" <<<"$with_binding" || { log "FAIL: no log line with a binding"; echo "$with_binding"; exit 1; }
log "with slf4j-simple: $(grep 'Sockeye listening' <<<"$with_binding")"
without_binding="$(run_app)"
grep -q "Sockeye: no SLF4J binding" <<<"$without_binding" || { log "FAIL: no hint without a binding"; echo "$without_binding"; exit 1; }
log "without a binding: $(grep 'Sockeye: no SLF4J binding' <<<"$without_binding")"
echo "consumer-check: 3 passed, 0 failed"
