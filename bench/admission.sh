#!/usr/bin/env bash
# Admission cost: routing plus every traffic-policy check and the release that charges the call, in this
# process and against a local redis-server (started on a free loopback port, like the tests do).
#   bench/admission.sh
# Needs redis-server (.ci/test-servers installs it). Prints p50/p90/p99 per admission in µs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -o test-compile -pl paved-server -am
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
./mvnw -B -q -o dependency:build-classpath -pl paved-server -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="paved-server/target/test-classes:paved-server/target/classes:paved-gateway/target/classes:paved-core/target/classes:$(cat "$CP_FILE")"
exec "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$CP" dev.paved.server.bench.AdmissionBench
