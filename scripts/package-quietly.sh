# Sourced by the run scripts (examples/run-demo.sh, benchmarks/bench-server.sh, benchmarks/run-jmh.sh) from the
# repository root: package_quietly MODULE NAME builds MODULE and what it needs, without tests, quietly.
#
# Offline first: fast, and works without a network once ~/.m2 has everything; else online (the first run),
# showing Maven's output. SOCKEYE_SKIP_BUILD=1 uses what an earlier build left in MODULE/target instead (the
# test suite runs these scripts inside its own Maven build, which must not be built over).
package_quietly() {
  local module="$1" name="$2"
  command -v java >/dev/null || { echo "$name: a JDK 17+ is required (java not found)" >&2; exit 1; }
  [[ "${SOCKEYE_SKIP_BUILD:-}" == 1 ]] && return 0
  command -v mvn >/dev/null || { echo "$name: Maven is required (mvn not found)" >&2; exit 1; }
  local build=(-B -q package -pl "$module" -am -Dmaven.test.skip=true)
  if ! mvn -o "${build[@]}" >/dev/null 2>&1; then
    echo "$name: building (the first build downloads dependencies)…" >&2
    mvn "${build[@]}" >&2
  fi
}
