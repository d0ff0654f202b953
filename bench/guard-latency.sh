#!/usr/bin/env bash
# Guardrail scanner latency on a ~2k-token prompt (8,000 characters of benign prompts from the deepset train
# split, with an email and a phone number planted): all input scanners together without the learned
# classifier, each scanner alone, and the classifier alone. Single thread, after a warm-up of the same count.
#   bench/guard-latency.sh [chars=8000] [iterations=2000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${GUARD_BENCH_DATA:-$ROOT/../shared/datasets/deepset-prompt-injections/train.jsonl}"
[ -f "$ROOT/paved-cli/target/paved.jar" ] || "$ROOT/paved" build
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xms512m -Xmx512m -cp "$ROOT/paved-cli/target/paved.jar" dev.paved.guard.eval.LatencyBench "$DATA" "${1:-8000}" "${2:-2000}"
