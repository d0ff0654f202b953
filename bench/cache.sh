#!/usr/bin/env bash
# Semantic-cache lookup latency at N entries for one tenant, and the query-embedding cost a miss adds.
#   bench/cache.sh [entries=100000] [queries=2000]
# BENCH_JAVA_OPTS=-Dstore=heap measures the heap-held index instead of the memory-mapped one the server uses.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
# The distribution jar, rebuilt so the bench measures the working tree (a plain module classpath mixes
# ONNX Runtime natives and crashes while embedding).
./mvnw -q -B -DskipTests package -pl paved-cli -am >/dev/null
JAR="$ROOT/paved-cli/target/paved.jar"
OUT="$(mktemp -d)"
"$JAVA_HOME/bin/javac" -d "$OUT" -cp "$JAR" bench/cache/CacheBench.java
"$JAVA_HOME/bin/java" -Xms2g -Xmx2g ${BENCH_JAVA_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "$OUT:$JAR" CacheBench "$@" 2>&1 | grep -v -e '^WARNING' -e SLF4J -e VectorizationProvider -e 'INFO: Java vector'
