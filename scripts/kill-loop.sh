#!/usr/bin/env bash
# Write-then-kill -9 loops against the embedded store (issue 9): runs the
# crash tests of cmd/policygraph with more rounds than the suite does.
#   ingest:          `policygraph ingest` of 1-3 files, killed right after
#                    the k-th "ingested" line or the summary
#   ingestDocument:  `serve` taking 5 concurrent mutations, killed right
#                    after the k-th answer
# Each round reopens the same data dir and checks that every acknowledged
# document is there. Prints the totals and exits 1 if anything was lost.
#
# Usage: scripts/kill-loop.sh [ROUNDS]   (default 50)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
rounds=${1:-50}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "kill-loop: ROUNDS must be a positive integer" >&2; exit 2; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
start=$(date +%s)
status=0
POLICYGRAPH_KILL_ITERATIONS=$rounds go test -count=1 -timeout 60m -v \
  -run '^(TestKillAfterIngestAcknowledged|TestKillAfterIngestDocumentAcknowledged)$' ./cmd/policygraph/ >"$log" 2>&1 || status=$?
grep -E 'lost in the kill|--- (PASS|FAIL)' "$log" || true
echo
grep -E 'kill -9 loop:' "$log" | sed 's/^ *crash_test.go:[0-9]*: //'
echo "($(( $(date +%s) - start )) s)"
if [ "$status" -ne 0 ]; then
  tail -n 30 "$log"
  exit 1
fi
