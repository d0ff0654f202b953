#!/usr/bin/env bash
# In-process cost of routing on one call (plan + breaker permission), see bench/routing/RoutingBench.java.
#   bench/routing.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
CP_FILE="$(mktemp)"
OUT="$(mktemp -d)"
./mvnw -q -B compile dependency:build-classpath -pl paved-gateway -am -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1
CP="paved-gateway/target/classes:paved-core/target/classes:paved-embedding/target/classes:$(cat "$CP_FILE")"
"$JAVA_HOME/bin/javac" -d "$OUT" -cp "$CP" bench/routing/RoutingBench.java
"$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$OUT:$CP" RoutingBench
