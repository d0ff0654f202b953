#!/usr/bin/env bash
# How the semantic cache's similarities compare between a question's plain text and its search-query form (the
# model's retrieval instruction), see bench/cache/QueryForms.java and ADR 0013.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
CP_FILE="$(mktemp)"
OUT="$(mktemp -d)"
./mvnw -q -B -o compile -pl paved-embedding -am >/dev/null 2>&1
./mvnw -q -B -o dependency:build-classpath -pl paved-embedding -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1
CP="paved-embedding/target/classes:$(cat "$CP_FILE")"
"$JAVA_HOME/bin/javac" -d "$OUT" -cp "$CP" bench/cache/QueryForms.java
# -Xss8m: ONNX Runtime needs larger thread stacks outside Maven's test runner (see docs/benchmarks.md).
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xss8m -cp "$OUT:$CP" QueryForms 2>&1 | grep -v -e '^WARNING' -e SLF4J -e INFO
