#!/usr/bin/env bash
# Side-by-side GraphQL benchmark on one Neo4j (issue 13): starts the bench's
# own Neo4j, ingests the dev corpus and the 31 work reports, serves every
# target on that one database, checks that the targets give the same answer
# to each query pair, then loads them with wrk (Debian's package, one
# thread, scripts/bench/graphql.lua), alternating targets run by run, at each
# concurrency, for each pair and for the mix of all pairs, BENCH_ROUNDS
# times, and prints the median req/s, p50, p99, CPU per request (server and
# Neo4j) and store round trips per request of each target, and the ratios
# to the first target.
#
# The pairs are scripts/peer/queries/*.graphql (policygraph's side):
#   1 a page of officials with their proposals
#   2 proposals targeting an industry, with proposers and positions
#   3 depth 3: officials → proposals → industries → proposals
#   4 cities with children and their officials
#   5 one node by id, two levels
#   6 a filtered, sorted page with totalCount
#
# Targets (BENCH_TARGETS, the first is the reference of the ratios):
#   baseline  policygraph built from git revision BENCH_BASELINE (default
#             main), so a change is measured against what it changes, on the
#             same data in the same conditions
#   current   policygraph built from the work tree
#   peer      the Neo4j GraphQL Library (@neo4j/graphql 7 on Apollo Server,
#             scripts/peer/server.mjs, versions pinned in package-lock.json,
#             installed with npm ci when node_modules is missing), asked the
#             peer side of each pair, scripts/peer/queries-peer/*.graphql
# Answers are compared after scripts/peer/normalise.jq, which maps both
# sides' shapes to one form (connections to lists, the peer's position
# edges to policygraph's positions) and changes nothing else. A pair with
# no file in queries-peer has no equivalent there: the peer skips it and
# the script says so (none today).
#
# On a shared machine req/s and latency move with the neighbours' load; CPU
# per request moves much less. Compare targets within one run only.
#
# Usage: scripts/bench-peer.sh
#        BENCH_TARGETS="current peer" scripts/bench-peer.sh
#
# Env:  BENCH_TARGETS ("baseline current")
#       BENCH_BASELINE (main)       git revision of the baseline target
#       BENCH_DURATION (15s)        each wrk run
#       BENCH_CONCURRENCY ("1 4 16")
#       BENCH_ROUNDS (3)            medians over this many rounds
#       BENCH_WARMUP (10s)          unmeasured load of each target first
#       BENCH_PAIRS (all)           pair numbers to run, e.g. "3 4"
#       POLICYGRAPH_DEV_CORPUS      dev corpus (../shared/corpus/dev)
#       BENCH_WORKREPORTS           the work reports (../shared/corpus/workreports-2026)
#       NEO4J_PORT (7698)           the bench's own Neo4j (home .build/neo4j-peer,
#                                   wiped first, stopped after)
#       BENCH_NEO4J_URI (unset)     instead, a server that holds the corpus already
#                                   (no ingest); BENCH_NEO4J_PID its pid, for its CPU
#       BENCH_KEEP (unset)          keep the work folder (.build/bench/peer.*)
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
TARGETS=${BENCH_TARGETS:-baseline current}
BASELINE=${BENCH_BASELINE:-main}
DURATION=${BENCH_DURATION:-15s}
CONCURRENCY=${BENCH_CONCURRENCY:-1 4 16}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-10s}
CORPUS=${POLICYGRAPH_DEV_CORPUS:-$REPO_ROOT/../shared/corpus/dev}
WORKREPORTS=${BENCH_WORKREPORTS:-$REPO_ROOT/../shared/corpus/workreports-2026}
NEO4J_PORT=${NEO4J_PORT:-7698}
NEO_HOME=$REPO_ROOT/.build/neo4j-peer
LUA=$SCRIPT_DIR/bench/graphql.lua
QUERIES=$SCRIPT_DIR/peer/queries
PEER_DIR=$SCRIPT_DIR/peer
PEER_QUERIES=$PEER_DIR/queries-peer
NORMALISE=$PEER_DIR/normalise.jq

unset POLICYGRAPH_NEO4J_URI POLICYGRAPH_DATA_DIR POLICYGRAPH_ADDR POLICYGRAPH_LOG_LEVEL

say() { echo "bench-peer: $*" >&2; }
die() { echo "bench-peer: error: $*" >&2; exit 1; }

compgen -G "$CORPUS/*.txt" >/dev/null || die "no *.txt in $CORPUS (set POLICYGRAPH_DEV_CORPUS)"
[[ -d $WORKREPORTS ]] || die "no work reports at $WORKREPORTS (set BENCH_WORKREPORTS)"
for tool in jq curl; do command -v $tool >/dev/null || die "$tool missing"; done
if [[ " $TARGETS " == *" peer "* ]]; then
  for tool in node npm; do command -v $tool >/dev/null || die "$tool missing (the peer target needs Node.js 20 or later)"; done
fi
if ! command -v wrk >/dev/null; then
  say "installing wrk (apt-get install wrk) ..."
  apt-get install -y -qq wrk >/dev/null 2>&1 || die "wrk missing: apt-get install wrk"
fi

PAIRS=()
for q in "$QUERIES"/*.graphql; do
  n=$(basename "$q" | cut -d_ -f1)
  if [[ -z ${BENCH_PAIRS:-} || " $BENCH_PAIRS " == *" $n "* ]]; then PAIRS+=("$q"); fi
done
((${#PAIRS[@]} > 0)) || die "no query pairs selected in $QUERIES"

mkdir -p "$REPO_ROOT/.build/bench"
WORK=$(mktemp -d "$REPO_ROOT/.build/bench/peer.XXXXXX")
BIN=$WORK/policygraph
declare -A PID URL
NEO_STARTED=

stop_servers() {
  local t
  for t in "${!PID[@]}"; do
    kill -TERM "${PID[$t]}" 2>/dev/null || true
    wait "${PID[$t]}" 2>/dev/null || true
  done
}
# shellcheck source=scripts/bench/common.sh
source "$SCRIPT_DIR/bench/common.sh"
trap 'stop_servers; bench_cleanup' EXIT

# binary TARGET: the policygraph binary of a target, built into $WORK.
binary() {
  case $1 in
    current)
      bench_build
      echo "$BIN"
      ;;
    baseline)
      local src=$WORK/baseline-src
      mkdir -p "$src"
      say "building the baseline from $BASELINE ($(git -C "$REPO_ROOT" rev-parse --short "$BASELINE")) ..."
      git -C "$REPO_ROOT" archive "$BASELINE" | tar -x -C "$src"
      (cd "$src" && go build -o "$WORK/policygraph-baseline" ./cmd/policygraph)
      echo "$WORK/policygraph-baseline"
      ;;
    peer)
      if [[ ! -d $PEER_DIR/node_modules ]]; then
        say "installing the peer's packages (npm ci in $PEER_DIR) ..."
        (cd "$PEER_DIR" && npm ci --no-audit --no-fund --loglevel error) >&2 || die "npm ci failed in $PEER_DIR"
      fi
      echo node
      ;;
    *) die "unknown target '$1' (baseline, current, peer)" ;;
  esac
}

# qfile TARGET QUERY: the file TARGET is asked for the pair QUERY (a
# policygraph-side file); empty when the target has no equivalent query.
qfile() {
  if [[ $1 == peer ]]; then
    local f=$PEER_QUERIES/$(basename "$2")
    [[ -f $f ]] && echo "$f"
  else
    echo "$2"
  fi
}

declare -A BINS
for t in $TARGETS; do BINS[$t]=$(binary "$t"); done

if [[ -n ${BENCH_NEO4J_URI:-} ]]; then
  URI=$BENCH_NEO4J_URI NEO_PID=${BENCH_NEO4J_PID:-}
  say "using $URI as given, holding the corpus already (no ingest)"
else
  bench_fresh_neo4j
  NEO_PID=$(<"$NEO_HOME/neo4j.pid")
  ingest_bin=${BINS[current]:-${BINS[baseline]:-}}
  [[ -n $ingest_bin ]] || ingest_bin=$(binary current) # only the peer: ingest with the work tree
  say "ingesting $CORPUS and $WORKREPORTS into $URI ..."
  t0=$SECONDS
  "$ingest_bin" ingest --log-level warn --neo4j-uri "$URI" "$CORPUS" "$WORKREPORTS" >"$WORK/ingest.log" 2>&1 ||
    { tail -n 20 "$WORK/ingest.log" >&2; die "ingest failed"; }
  say "ingested in $((SECONDS - t0)) s"
fi

# start TARGET: serves it on a free port; sets PID and URL.
start() {
  local t=$1 out=$WORK/serve-$1.out
  : >"$out" # before the background job opens it, for the sed below
  if [[ $t == peer ]]; then
    PEER_NEO4J_URI=$URI PEER_PORT=0 PEER_HOST=127.0.0.1 node "$PEER_DIR/server.mjs" >"$out" 2>"$WORK/serve-$t.log" &
  else
    "${BINS[$t]}" serve --addr 127.0.0.1:0 --log-level warn --neo4j-uri "$URI" >"$out" 2>"$WORK/serve-$t.log" &
  fi
  PID[$t]=$!
  local deadline=$((SECONDS + 60)) u=
  while ((SECONDS < deadline)); do
    u=$(sed -nE 's#^(policygraph|peer) serving on (http://[0-9.:]*)/ .*#\2#p' "$out")
    [[ -n $u ]] && break
    kill -0 "${PID[$t]}" 2>/dev/null || { tail -n 20 "$WORK/serve-$t.log" >&2; die "serve ($t) exited"; }
    sleep 0.2
  done
  [[ -n $u ]] || die "serve ($t) did not start within 60 s"
  URL[$t]=$u
  say "$t: serving on $u (pid ${PID[$t]})"
}
for t in $TARGETS; do start "$t"; done

post() { jq -Rs '{query: .}' "$2" | curl -sS -H 'Content-Type: application/json' --data-binary @- "${URL[$1]}/graphql"; }
# answer TARGET QUERY: TARGET's answer to the pair QUERY, normalised.
answer() { post "$1" "$(qfile "$1" "$2")" | jq -S -f "$NORMALISE"; }

# Every target must give the same answer to every pair, and a non-empty one
# (after normalise.jq; "no equivalent" when a target has no query for it).
first=${TARGETS%% *}
for q in "${PAIRS[@]}"; do
  [[ -n $(qfile "$first" "$q") ]] || die "$first has no query for $(basename "$q"): put another target first"
  want=$(answer "$first" "$q")
  jq -e 'has("errors") | not' >/dev/null <<<"$want" || die "$first: $(basename "$q"): $(jq -c .errors <<<"$want" | cut -c1-300)"
  jq -e '[.data | .. | strings] | length > 0' >/dev/null <<<"$want" || die "$first: $(basename "$q"): an empty answer ($(jq -c . <<<"$want" | cut -c1-300))"
  for t in $TARGETS; do
    if [[ -z $(qfile "$t" "$q") ]]; then
      say "NO EQUIVALENT: $t has no query for $(basename "$q") (not loaded, left out of its mix)"
      continue
    fi
    got=$(answer "$t" "$q")
    [[ $got == "$want" ]] || { diff <(echo "$want") <(echo "$got") | head -20 >&2; die "$t and $first answer $(basename "$q") differently"; }
  done
  say "same answer from every target: $(basename "$q") (${#want} bytes normalised)"
done

HZ=$(getconf CLK_TCK)
cpu_ticks() { if [[ -n $1 && -r /proc/$1/stat ]]; then sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; else echo 0; fi; }
# store_calls TARGET: policygraph's store round trips so far; -1 for the peer,
# which has no such counter (the library sends one Cypher statement per request).
store_calls() {
  if [[ $1 == peer ]]; then echo -1; return; fi
  curl -fsS "${URL[$1]}/metrics" | awk '/^policygraph_store_round_trips_total/ { s += $2 } END { printf "%d\n", s }'
}
# tfiles TARGET QUERY...: the files TARGET is asked for these pairs.
tfiles() { local t=$1 q f; shift; for q in "$@"; do f=$(qfile "$t" "$q"); [[ -n $f ]] && echo "$f"; done; }
join() { local IFS=:; echo "$*"; }

for t in $TARGETS; do
  say "$t: warming up for $WARMUP ..."
  mapfile -t tf < <(tfiles "$t" "${PAIRS[@]}")
  BENCH_QUERIES=$(join "${tf[@]}") wrk -t 1 -c 2 -d "$WARMUP" -s "$LUA" "${URL[$t]}/graphql" >/dev/null
done

RAW=$WORK/raw.tsv
: >"$RAW"
# load TARGET WHAT CONNECTIONS FILES...: one wrk run, one line of $RAW.
load() {
  local t=$1 what=$2 c=$3 res cpu0 cpu1 neo0 neo1 sc0 sc1 tf
  shift 3
  mapfile -t tf < <(tfiles "$t" "$@")
  ((${#tf[@]} > 0)) || return 0 # no equivalent query: said above
  set -- "${tf[@]}"
  cpu0=$(cpu_ticks "${PID[$t]}") neo0=$(cpu_ticks "$NEO_PID") sc0=$(store_calls "$t")
  res=$(BENCH_QUERIES=$(join "$@") wrk -t 1 -c "$c" -d "$DURATION" --timeout 10s -s "$LUA" "${URL[$t]}/graphql" | tee -a "$WORK/wrk.log" | grep '^RESULT') ||
    die "wrk produced no result (see $WORK/wrk.log)"
  cpu1=$(cpu_ticks "${PID[$t]}") neo1=$(cpu_ticks "$NEO_PID") sc1=$(store_calls "$t")
  awk -v t="$t" -v w="$what" -v c="$c" -v cpu=$((cpu1 - cpu0)) -v neo=$((neo1 - neo0)) -v sc=$((sc0 < 0 ? -1 : sc1 - sc0)) -v hz="$HZ" '{
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    n = v["requests"] > 0 ? v["requests"] : 1
    printf "%s\t%s\t%d\t%.1f\t%.2f\t%.2f\t%.3f\t%.3f\t%.2f\t%d\n", t, w, c, v["rps"], v["p50_ms"], v["p99_ms"], cpu * 1000 / hz / n, neo * 1000 / hz / n, sc < 0 ? -1 : sc / n,
      v["graphql_errors"] + v["socket_errors"] + v["non2xx"]
  }' <<<"$res" | tee -a "$RAW" >&2
}

for ((r = 1; r <= ROUNDS; r++)); do
  say "round $r of $ROUNDS"
  for q in "${PAIRS[@]}" mix; do
    if [[ $q == mix ]]; then what="mix of ${#PAIRS[@]}" files=("${PAIRS[@]}"); else what=$(basename "$q" .graphql) files=("$q"); fi
    for c in $CONCURRENCY; do
      for t in $TARGETS; do load "$t" "$what" "$c" "${files[@]}"; done
    done
  done
done

echo
echo "wrk $(wrk -v 2>&1 | sed -n 's/^wrk \([^ ]*\).*/\1/p'), 1 thread, $DURATION per run, median of $ROUNDS rounds, targets alternating; $(nproc) CPUs shared by wrk, the servers and Neo4j"
echo "targets: $(for t in $TARGETS; do printf '%s ' "$t"; done)(ratios: each target / $first); baseline = $BASELINE"
echo "cpu: CPU ms per request of the target's server process (policygraph, or node for the peer); neo4j: of Neo4j; trips: store calls per request (- for the peer: not counted; the library compiles a request into one Cypher statement)"
awk -F'\t' -v first="$first" -v targets="$TARGETS" '
  function median(key,   n, i, j, a, tmp) {
    n = split(vals[key], a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { tmp = a[i]; a[i] = a[j]; a[j] = tmp }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  {
    k = $2 SUBSEP $3
    if (!(k in seen)) { seen[k] = 1; order[++nk] = k }
    for (f = 4; f <= 9; f++) vals[$1 SUBSEP k SUBSEP f] = vals[$1 SUBSEP k SUBSEP f] " " $f
    errs[$1 SUBSEP k] += $10
  }
  END {
    nt = split(targets, T, " ")
    printf "%-32s %4s %-9s %9s %8s %8s %8s %8s %6s %6s %8s %8s\n", "pair", "conn", "target", "req/s", "p50 ms", "p99 ms", "cpu", "neo4j", "trips", "errors", "rps/ref", "p99/ref"
    for (i = 1; i <= nk; i++) {
      split(order[i], kc, SUBSEP)
      for (j = 1; j <= nt; j++) {
        t = T[j]
        rps = median(t SUBSEP order[i] SUBSEP 4); p50 = median(t SUBSEP order[i] SUBSEP 5); p99 = median(t SUBSEP order[i] SUBSEP 6)
        cpu = median(t SUBSEP order[i] SUBSEP 7); neo = median(t SUBSEP order[i] SUBSEP 8); trips = median(t SUBSEP order[i] SUBSEP 9)
        rrps = median(first SUBSEP order[i] SUBSEP 4); rp99 = median(first SUBSEP order[i] SUBSEP 6)
        xr = 0; if (rrps > 0) xr = rps / rrps
        xp = 0; if (rp99 > 0) xp = p99 / rp99
        if (!((t SUBSEP order[i] SUBSEP 4) in vals)) { printf "%-32s %4d %-9s %9s\n", kc[1], kc[2], t, "no equivalent query"; continue }
        tr = trips < 0 ? sprintf("%6s", "-") : sprintf("%6.2f", trips)
        printf "%-32s %4d %-9s %9.1f %8.2f %8.2f %8.3f %8.3f %s %6d %8.2f %8.2f\n", kc[1], kc[2], t, rps, p50, p99, cpu, neo, tr, errs[t SUBSEP order[i]], xr, xp
      }
    }
  }' "$RAW"
