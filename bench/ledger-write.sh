#!/usr/bin/env bash
# Ledger write cost: the gateway's writer (PostgresLedgerSink) against a durable embedded PostgreSQL, fed at a
# steady rate; prints CPU per row for the writer thread and for PostgreSQL, per round. See bench/LedgerWriteBench.java.
#   bench/ledger-write.sh [ROWS_PER_ROUND=200000] [ROUNDS=3] [RATE_PER_S=14000]
# PAVED_BENCH_JAR picks another build's jar (to compare builds, alternate two runs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${PAVED_BENCH_JAR:-$ROOT/paved-cli/target/paved.jar}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && ./paved build)
fi
exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$JAR" "$ROOT/bench/LedgerWriteBench.java" "${1:-200000}" "${2:-3}" "${3:-14000}"
