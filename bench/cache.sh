#!/usr/bin/env bash
# Semantic-cache lookup latency at N entries for one tenant, and the query-embedding cost a miss adds.
#   bench/cache.sh [entries=100000] [queries=2000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
CP_FILE="$(mktemp)"
OUT="$(mktemp -d)"
./mvnw -q -B compile dependency:build-classpath -pl paved-gateway -am -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1
CP="paved-gateway/target/classes:paved-core/target/classes:paved-embedding/target/classes:$(cat "$CP_FILE")"
"$JAVA_HOME/bin/javac" -d "$OUT" -cp "$CP" bench/cache/CacheBench.java
"$JAVA_HOME/bin/java" -Xms2g -Xmx2g --add-modules jdk.incubator.vector -cp "$OUT:$CP" CacheBench "$@" 2>&1 | grep -v -e '^WARNING' -e SLF4J
