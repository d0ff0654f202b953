#!/usr/bin/env bash
# A/B two builds of the RAG service with bench/rag.sh, alternating on the same machine:
#   bench/rag.sh --save /tmp/before      (on the old commit)
#   bench/rag.sh --save /tmp/after       (on the new one)
#   bench/rag-ab.sh /tmp/before /tmp/after [REQUESTS=300] [ROUNDS=2]
# Rounds alternate the order (before-after, then after-before, ...) so a drift in the machine's load does not favour
# one build. Prints each run's output under a header with the build and the load average at its start.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BEFORE="$(readlink -f "$1")"; AFTER="$(readlink -f "$2")"; N="${3:-300}"; ROUNDS="${4:-2}"
for r in $(seq 1 "$ROUNDS"); do
  order="before after"; (( r % 2 == 0 )) && order="after before"
  for build in $order; do
    dir=$BEFORE; [[ $build == after ]] && dir=$AFTER
    echo "=== round $r, $build ($dir), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    RAG_CLASSES="$dir" "$ROOT/bench/rag.sh" "$N"
  done
done
