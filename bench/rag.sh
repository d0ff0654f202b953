#!/usr/bin/env bash
# RAG service overhead and time to first token against the fake provider, see bench/rag/RagBench.java.
#   bench/rag.sh [REQUESTS=300]
#   RAG_CLASSES=DIR bench/rag.sh ...   runs the classes saved in DIR (DIR/<module>/, one copy of each module's
#                                      target/classes) instead of this checkout's: A/B two builds, see bench/rag-ab.sh
#   bench/rag.sh --save DIR            compiles this checkout and saves its classes in DIR for such a run
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$ROOT"
MODULES="paved-server paved-rag paved-guard paved-knowledge paved-embedding paved-gateway paved-core paved-fake"
CP_FILE="$(mktemp)"
OUT="$(mktemp -d)"
if [[ -z "${RAG_CLASSES:-}" ]]; then
  ./mvnw -q -B -o compile -pl paved-server,paved-fake -am >/dev/null 2>&1
fi
./mvnw -q -B -o dependency:build-classpath -pl paved-server -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1
if [[ "${1:-}" == "--save" ]]; then
  for m in $MODULES; do mkdir -p "$2/$m" && cp -r "$m/target/classes/." "$2/$m/"; done
  echo "classes saved in $2"
  exit 0
fi
# The chosen classes first, ahead of any paved jars in the local Maven repository.
CLASSES="${RAG_CLASSES:-}"
CP="$(for m in $MODULES; do if [[ -n "$CLASSES" ]]; then printf '%s:' "$CLASSES/$m"; else printf '%s:' "$m/target/classes"; fi; done)$(cat "$CP_FILE")"
"$JAVA_HOME/bin/javac" -d "$OUT" -cp "$CP" bench/rag/RagBench.java
"$JAVA_HOME/bin/java" ${RAG_BENCH_JVM_OPTS:-} --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx2g -Xss8m -cp "$OUT:$CP" RagBench "${1:-300}" samples
