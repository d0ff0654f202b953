#!/usr/bin/env bash
# Knowledge-base benchmark: hybrid query latency over a synthetic index and ingestion throughput with the
# in-process embedding model. See bench/KnowledgeSearchBench.java for what is synthetic and what is real.
#   bench/kb-search.sh [CHUNKS=100000] [QUERIES=1000] [INGEST_DOCS=300]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/paved-cli/target/paved.jar"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && ./mvnw -q -B -DskipTests package)
fi
exec "$JAVA" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g -XX:+UseParallelGC \
  -cp "$JAR" "$ROOT/bench/KnowledgeSearchBench.java" "${1:-100000}" "${2:-1000}" "${3:-300}"
