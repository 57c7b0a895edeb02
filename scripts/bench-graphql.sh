#!/usr/bin/env bash
# GraphQL load benchmark (issue 4): serves the dev corpus with `policygraph serve`
# on a free port of 127.0.0.1, on the embedded store and then on Neo4j, and runs
# wrk (Debian's package) with scripts/bench/graphql.lua, which POSTs the README's
# example queries (schema/examples/*.graphql) round robin:
#   - the mix, at each concurrency of BENCH_CONCURRENCY, for BENCH_DURATION;
#   - the mix of the queries at most 3 levels deep (by the server's own depth
#     rule), for the Neo4j target, at BENCH_QUERY_CONCURRENCY;
#   - each query alone, at BENCH_QUERY_CONCURRENCY, for BENCH_QUERY_DURATION,
#     to show which query dominates.
# Reports req/s, p50, p90, p99 and server CPU per request per run. Targets: embedded p99 <= 10 ms and
# >= 1,000 req/s; Neo4j p99 <= 50 ms for depth <= 3.
#
# Usage: scripts/bench-graphql.sh
#
# Env:  BENCH_STORES ("embedded neo4j")   which stores to run
#       BENCH_DURATION (20s)          each mix run
#       BENCH_CONCURRENCY ("1 4 8")   open connections of the mix runs (wrk -c)
#       BENCH_QUERY_DURATION (5s)     each per-query run; 0 skips them
#       BENCH_QUERY_CONCURRENCY (4)   connections of the per-query and depth<=3 runs
#       BENCH_WARMUP (10s)            unmeasured mix load first (JIT, caches, query plans)
#       BENCH_LOG_LEVEL (info)        serve's --log-level (info writes one access line per request)
#       POLICYGRAPH_DEV_CORPUS        dev corpus folder (../shared/corpus/dev)
#       BENCH_NEO4J_URI               an existing, EMPTY throwaway Neo4j to ingest into and serve
#                                     from; otherwise the script starts its own (NEO4J_PORT,
#                                     default 7697, home .build/neo4j-bench), wipes it first
#                                     and stops it after
#       BENCH_KEEP (unset)            keep the work folder (.build/bench/graphql.*) with the logs
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
STORES=${BENCH_STORES:-embedded neo4j}
DURATION=${BENCH_DURATION:-20s}
CONCURRENCY=${BENCH_CONCURRENCY:-1 4 8}
QDURATION=${BENCH_QUERY_DURATION:-5s}
QCONC=${BENCH_QUERY_CONCURRENCY:-4}
LOG_LEVEL=${BENCH_LOG_LEVEL:-info}
WARMUP=${BENCH_WARMUP:-10s}
CORPUS=${POLICYGRAPH_DEV_CORPUS:-$REPO_ROOT/../shared/corpus/dev}
NEO4J_PORT=${NEO4J_PORT:-7697}
NEO_HOME=$REPO_ROOT/.build/neo4j-bench
LUA=$SCRIPT_DIR/bench/graphql.lua
EXAMPLES=$REPO_ROOT/schema/examples

# The script names the store with flags; inherited settings must not redirect it.
unset POLICYGRAPH_NEO4J_URI POLICYGRAPH_DATA_DIR POLICYGRAPH_ADDR POLICYGRAPH_LOG_LEVEL

say() { echo "bench-graphql: $*" >&2; }
die() { echo "bench-graphql: error: $*" >&2; exit 1; }

compgen -G "$CORPUS/*.txt" >/dev/null || die "no *.txt in $CORPUS (set POLICYGRAPH_DEV_CORPUS)"
compgen -G "$EXAMPLES/*.graphql" >/dev/null || die "no example queries in $EXAMPLES"
if ! command -v wrk >/dev/null; then
  say "installing wrk (apt-get install wrk) ..."
  apt-get install -y -qq wrk >/dev/null 2>&1 || die "wrk missing: apt-get install wrk"
fi

mkdir -p "$REPO_ROOT/.build/bench"
WORK=$(mktemp -d "$REPO_ROOT/.build/bench/graphql.XXXXXX")
BIN=$WORK/policygraph
SERVER_PID=
NEO_STARTED=

stop_server() {
  if [[ -n $SERVER_PID ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
# shellcheck source=scripts/bench/common.sh
source "$SCRIPT_DIR/bench/common.sh"
trap 'stop_server; bench_cleanup' EXIT
bench_build

# start_server NAME STORE-FLAGS...: serves on a free port; sets URL.
start_server() {
  local name=$1 out=$WORK/serve-$1.out
  shift
  "$BIN" serve --addr 127.0.0.1:0 --log-level "$LOG_LEVEL" --log-format json "$@" >"$out" 2>"$WORK/serve-$name.log" &
  SERVER_PID=$!
  local deadline=$((SECONDS + 60))
  URL=
  while ((SECONDS < deadline)); do
    URL=$(sed -n 's|^policygraph serving on \(http://[0-9.:]*\)/ .*|\1|p' "$out")
    [[ -n $URL ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$WORK/serve-$name.log" >&2; die "serve ($name) exited"; }
    sleep 0.2
  done
  [[ -n $URL ]] || die "serve ($name) did not start within 60 s"
  curl -fsS "$URL/readyz" >/dev/null || die "serve ($name): /readyz failed"
  say "$name: serving on $URL (pid $SERVER_PID): $(curl -fsS "$URL/readyz")"
}

# post FILE: the response of one query.
post() {
  jq -Rs '{query: .}' "$1" | curl -sS -H 'Content-Type: application/json' --data-binary @- "$URL/graphql"
}

# check: every example answers 200 without errors, and not emptily.
check() {
  local q resp
  for q in "$EXAMPLES"/*.graphql; do
    resp=$(post "$q")
    if jq -e 'has("errors")' >/dev/null <<<"$resp"; then
      die "$(basename "$q"): $(jq -c .errors <<<"$resp" | cut -c1-300)"
    fi
    say "  $(basename "$q"): ${#resp} bytes of data"
  done
}

ALL=()
for q in "$EXAMPLES"/*.graphql; do ALL+=("$q"); done

# Depth of each example by the server's rule: a server limited to depth 1
# (empty in-memory store) names each query's depth in its refusal.
declare -A DEPTH
start_server probe --max-depth 1
for q in "${ALL[@]}"; do
  d=$(post "$q" | jq -r '.errors[0].message // ""' | sed -n 's/.* is \([0-9]*\) levels deep.*/\1/p')
  DEPTH[$q]=${d:-1}
done
stop_server
SHALLOW=()
for q in "${ALL[@]}"; do ((DEPTH[$q] <= 3)) && SHALLOW+=("$q"); done

join() { local IFS=:; echo "$*"; }

# cpu_ticks PID: user+system CPU of a process in clock ticks (0 without a PID).
# CPU time per request does not depend on what else the machine runs, unlike
# latency and req/s on a shared machine.
HZ=$(getconf CLK_TCK)
cpu_ticks() {
  if [[ -n $1 && -r /proc/$1/stat ]]; then
    sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
  else
    echo 0
  fi
}
NEO_PID=

ROWS=()
# load STORE WHAT CONNECTIONS DURATION QUERY-FILES...: one wrk run, one result row.
load() {
  local store=$1 what=$2 c=$3 d=$4 res cpu0 cpu1 neo0 neo1
  shift 4
  say "$store: $what, $c connection(s), $d"
  cpu0=$(cpu_ticks "$SERVER_PID") neo0=$(cpu_ticks "${NEO_PID:-}")
  # One wrk thread (it drives >20k req/s) leaves the server the most CPU.
  res=$(BENCH_QUERIES=$(join "$@") wrk -t 1 -c "$c" -d "$d" --timeout 10s -s "$LUA" "$URL/graphql" | tee -a "$WORK/wrk.log" | grep '^RESULT') ||
    die "wrk produced no result (see $WORK/wrk.log)"
  cpu1=$(cpu_ticks "$SERVER_PID") neo1=$(cpu_ticks "${NEO_PID:-}")
  say "  $res"
  ROWS+=("$(awk -v s="$store" -v w="$what" -v c="$c" -v cpu=$((cpu1 - cpu0)) -v neo=$((neo1 - neo0)) -v hz="$HZ" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    n = v["requests"] > 0 ? v["requests"] : 1
    printf "%-9s %-42s %3d %9.0f %8.2f %8.2f %8.2f %8d %6d %8.3f %8.3f\n", s, w, c, v["rps"], v["p50_ms"], v["p90_ms"], v["p99_ms"], v["requests"],
      v["graphql_errors"] + v["socket_errors"] + v["non2xx"], cpu * 1000 / hz / n, neo * 1000 / hz / n
  }' <<<"$res")")
}

bench_store() {
  local store=$1 q
  check
  # Warm the server's (and Neo4j's) caches and query plans before measuring.
  say "$store: warming up for $WARMUP ..."
  BENCH_QUERIES=$(join "${ALL[@]}") wrk -t 1 -c 2 -d "$WARMUP" -s "$LUA" "$URL/graphql" >/dev/null
  for c in $CONCURRENCY; do
    load "$store" "mix of ${#ALL[@]}" "$c" "$DURATION" "${ALL[@]}"
  done
  if ((${#SHALLOW[@]} > 0 && ${#SHALLOW[@]} < ${#ALL[@]})); then
    load "$store" "mix of the ${#SHALLOW[@]} of depth <= 3" "$QCONC" "$DURATION" "${SHALLOW[@]}"
  fi
  if [[ $QDURATION != 0 ]]; then
    for q in "${ALL[@]}"; do
      load "$store" "$(basename "$q" .graphql) (depth ${DEPTH[$q]})" "$QCONC" "$QDURATION" "$q"
    done
  fi
  ROWS+=("$store server peak RSS: $(($(awk '/VmHWM/ { print $2 }' "/proc/$SERVER_PID/status") / 1024)) MB")
}

for store in $STORES; do
  case $store in
    embedded)
      say "embedded: ingesting $CORPUS ..."
      "$BIN" ingest --log-level warn --data-dir "$WORK/data" "$CORPUS" >&2
      start_server embedded --data-dir "$WORK/data"
      bench_store embedded
      stop_server
      ;;
    neo4j)
      if [[ -n ${BENCH_NEO4J_URI:-} ]]; then
        URI=$BENCH_NEO4J_URI
        say "using $URI as given: it must be an empty throwaway database"
      else
        bench_fresh_neo4j
        NEO_PID=$(<"$NEO_HOME/neo4j.pid")
      fi
      say "neo4j: ingesting $CORPUS into $URI ..."
      "$BIN" ingest --log-level warn --neo4j-uri "$URI" "$CORPUS" >&2
      start_server neo4j --neo4j-uri "$URI"
      bench_store neo4j
      stop_server
      ;;
    *) die "unknown store '$store' in BENCH_STORES (embedded, neo4j)" ;;
  esac
done

echo
echo "wrk $(wrk -v 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p'); $(nproc) CPUs shared by wrk (1 thread) and the server; dev corpus $(find "$CORPUS" -maxdepth 1 -name "*.txt" | wc -l) reports; serve --log-level $LOG_LEVEL"
echo "depth of each example (server's rule): $(for q in "${ALL[@]}"; do printf '%s=%s ' "$(basename "$q" .graphql)" "${DEPTH[$q]}"; done)"
echo "cpu/req: CPU milliseconds per request of the policygraph server and (when the script started it) of Neo4j"
printf '%-9s %-42s %3s %9s %8s %8s %8s %8s %6s %8s %8s\n' store run conn "req/s" "p50 ms" "p90 ms" "p99 ms" requests errors "cpu/req" "neo4j"
for r in "${ROWS[@]}"; do echo "$r"; done
