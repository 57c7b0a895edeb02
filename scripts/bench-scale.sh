#!/usr/bin/env bash
# How the embedded store scales (issue 9): ingests 1,000, 10,000 and 30,000
# synthetic reports (scripts/bench-ingest.sh's corpus) into an empty data
# dir each and prints, per size, the corpus bytes, the time, the peak RSS
# and the bytes written to disk. Durable writes must cost O(total size):
# "written / corpus" should stay flat as N grows, not grow with it.
#
# Usage: scripts/bench-scale.sh [N...]    (default 1000 10000 30000)
# Env:   as scripts/bench-ingest.sh (BENCH_SEED, BENCH_WORKERS, POLICYGRAPH_DEV_CORPUS)
set -euo pipefail
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000 30000)
rows=()
for n in "${sizes[@]}"; do
  out=$(BENCH_STORES=embedded BENCH_REINGEST=0 bash "$SCRIPT_DIR/bench-ingest.sh" "$n")
  echo "$out" >&2
  corpus=$(sed -n 's/^corpus: [0-9]* synthetic reports, \([0-9]*\) bytes.*/\1/p' <<<"$out")
  row=$(grep '^embedded: ingest' <<<"$out")
  graph=$(sed -n 's/^graph, embedded: \([0-9]* nodes, [0-9]* relationships\).*data dir \([^:]*\):.*/\1; data dir \2/p' <<<"$out")
  # Columns of bench-ingest.sh's row: label (4 words), wall s, docs/s, ingest s, docs/s, peak MB, written MB.
  read -r _ _ _ _ wall _ isecs _ rss written _ <<<"$row"
  rows+=("$(printf '%7d %10.1f %8.1f %9.1f %8.0f %11.1f %9.2f   %s' "$n" "$(awk -v b="$corpus" 'BEGIN { print b / 1048576 }')" \
    "$wall" "$isecs" "$rss" "$written" "$(awk -v w="$written" -v b="$corpus" 'BEGIN { print w * 1048576 / b }')" "$graph")")
done
echo
printf '%7s %10s %8s %9s %8s %11s %9s   %s\n' "reports" "corpus MB" "wall s" "ingest s" "peak MB" "written MB" "written/corpus" "graph"
for r in "${rows[@]}"; do echo "$r"; done
