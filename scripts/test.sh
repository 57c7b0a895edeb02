#!/usr/bin/env bash
# The whole test suite, as the README's second command (`make test`) and CI
# (.ci/run) run it: static checks, a real Neo4j server, every Go test
# (unit, the store conformance suite on both stores, GraphQL on both stores,
# extraction scored against the dev corpus), then the explorer in headless
# Chromium. Installs what it needs on a fresh machine (Neo4j from Maven
# Central, npm packages, Debian's chromium and poppler-utils).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

step "static checks"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './.build/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...
if ! go mod tidy -diff >/dev/null; then
  echo "go mod tidy would change go.mod or go.sum:"; go mod tidy -diff; exit 1
fi

# The dev corpus with gold annotations lives beside the repository
# (../shared/corpus/dev, or beside a folder above it, as the Go tests look
# for it) or where POLICYGRAPH_DEV_CORPUS says; the scoring test must not
# skip in CI, so find it here or fail.
if [ -z "${POLICYGRAPH_DEV_CORPUS:-}" ]; then
  d=$root
  while [ "$d" != / ]; do
    d=$(dirname "$d")
    if [ -d "$d/shared/corpus/dev" ]; then POLICYGRAPH_DEV_CORPUS=$(cd "$d/shared/corpus/dev" && pwd); break; fi
  done
fi
if [ -z "${POLICYGRAPH_DEV_CORPUS:-}" ] || [ ! -d "$POLICYGRAPH_DEV_CORPUS" ]; then
  echo "no dev corpus found at ${POLICYGRAPH_DEV_CORPUS:-$root/../shared/corpus/dev} (set POLICYGRAPH_DEV_CORPUS to its folder)"; exit 1
fi
export POLICYGRAPH_DEV_CORPUS
export POLICYGRAPH_SCORER="${POLICYGRAPH_SCORER:-$POLICYGRAPH_DEV_CORPUS/../../eval/score.py}"

step "poppler-utils"
# ingest reads PDFs with poppler's pdftotext; the PDF tests fail in CI
# without it.
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "pdftotext is missing and cannot be installed (apt-get needs root on Debian): install poppler-utils"; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || { echo "apt-get update failed; cannot install poppler-utils"; exit 1; }
  apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null || { echo "apt-get install poppler-utils failed"; exit 1; }
fi
pdftotext -v 2>&1 | sed -n 1p # sed reads it all: head would leave pdftotext a SIGPIPE (exit 141 under pipefail)

step "networkx"
# The GraphML export is checked by loading it with networkx, as a reader
# outside Go would; the test fails in CI without it.
if ! python3 -c 'import networkx' 2>/dev/null; then
  python3 -m pip install --quiet networkx 2>/dev/null || python3 -m pip install --quiet --break-system-packages networkx ||
    { echo "networkx is missing and pip could not install it"; exit 1; }
fi
python3 -c 'import networkx; print("networkx", networkx.__version__)'

step "Neo4j"
# The suite's own server: its own port and data folder, started empty and
# stopped at the end, never a server a developer runs by hand
# (`make neo4j-start` uses 7687 and .build/neo4j).
export NEO4J_PORT="${POLICYGRAPH_TEST_NEO4J_PORT:-17687}"
export POLICYGRAPH_NEO4J_HOME="$root/.build/neo4j-test"
unset NEO4J_PASSWORD
bash scripts/neo4j.sh wipe >/dev/null
POLICYGRAPH_TEST_NEO4J_URI=$(bash scripts/neo4j.sh start)
export POLICYGRAPH_TEST_NEO4J_URI
# With a server configured, Neo4j suites run; CI=1 makes them fail rather
# than skip should the variable ever get lost.
export CI="${CI:-1}"
if [ "${POLICYGRAPH_KEEP_NEO4J:-}" = "" ]; then
  trap 'bash scripts/neo4j.sh stop >/dev/null 2>&1 || true' EXIT
fi

step "go test"
# -p 1: the Neo4j suites of several packages share one database and wipe
# it between tests, so packages run one at a time.
go test -p 1 -count=1 -timeout 30m ./...

step "fuzz the GraphQL handler (30000 inputs; go test ran its seed corpus)"
# Generated documents (fragment cycles and fan-outs, aliases, directives,
# spreads): no 500, no store work for a refused request, stable answers.
# A count, not a duration: a duration races Go's fuzz coordinator and fails
# with a bare "context deadline exceeded" on a loaded machine
# (golang/go#75804); -timeout still catches an input that hangs.
go test -run '^$' -fuzz '^FuzzHandler$' -fuzztime 30000x -timeout 5m ./schema

step "extraction score on the dev corpus (also asserted by go test)"
go test -count=1 -run '^TestDevCorpusScore$' -v ./ingest/ | grep -E 'F1' | sed 's/^ *corpus_test.go:[0-9]*: //'

step "explorer in Chromium"
bash web/e2e/run.sh

step "done"
