#!/usr/bin/env bash
# RAG service overhead and time to first token against the fake provider, see bench/rag/RagBench.java.
#   bench/rag.sh [REQUESTS=300]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
CP_FILE="$(mktemp)"
OUT="$(mktemp -d)"
./mvnw -q -B compile -pl paved-server,paved-fake -am >/dev/null 2>&1
./mvnw -q -B dependency:build-classpath -pl paved-server -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1
# This checkout's classes first, ahead of any paved jars in the local Maven repository.
CP="$(for m in paved-server paved-rag paved-guard paved-knowledge paved-embedding paved-gateway paved-core paved-fake; do printf '%s:' "$m/target/classes"; done)$(cat "$CP_FILE")"
"$JAVA_HOME/bin/javac" -d "$OUT" -cp "$CP" bench/rag/RagBench.java
"$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx2g -Xss8m -cp "$OUT:$CP" RagBench "${1:-300}" samples
