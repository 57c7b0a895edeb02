#!/usr/bin/env bash
# End-to-end ingest benchmark (issue 3): builds the binary, generates a synthetic
# corpus of N reports by recombining paragraphs of the dev corpus, and ingests it
# (a) into the embedded store (--data-dir) and (b) into Neo4j, each into an empty
# graph, then once more unchanged (idempotent re-ingest). Reports wall time,
# documents/s, peak RSS of the policygraph process (target < 600 MB) and the
# graph size (nodes and relationships of `policygraph export`), and for the
# embedded store the bytes the ingest wrote to disk (GNU time's file system
# outputs, the kernel's write_bytes, in 512-byte blocks) and the data dir's
# size.
#
# Usage: scripts/bench-ingest.sh [N]          (N reports, default 1000)
#
# Env:  BENCH_SEED (42)            seed of the corpus generator (same seed, same corpus)
#       BENCH_STORES ("embedded neo4j")   which stores to run
#       BENCH_WORKERS (0: one per CPU)    ingest --workers
#       POLICYGRAPH_DEV_CORPUS     dev corpus folder (../shared/corpus/dev)
#       BENCH_NEO4J_URI            an existing, EMPTY throwaway Neo4j to use; otherwise the
#                                  script starts its own instance (NEO4J_PORT, default 7697,
#                                  home .build/neo4j-bench), wipes it first and stops it after
#       POLICYGRAPH_NEO4J_USER / _PASSWORD   credentials for BENCH_NEO4J_URI, if any
#       BENCH_REINGEST (1)         0 skips the unchanged re-ingest (it analyses every file again)
#       BENCH_KEEP (unset)         set to keep the corpus, data and logs (else deleted at exit)
#
# Everything it writes is under .build/bench/ (the corpus in a fresh temp folder).
#
# The corpus: report i takes 3-5 runs of 2-6 consecutive paragraphs (non-blank
# lines), each run from a source report and start drawn by a seeded Park-Miller
# generator (exact in awk's doubles, so mawk and gawk agree), never the same
# source twice in a row; so officials, cities and industries recur across
# documents, as in real coverage, and every document is distinct.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
N=${1:-1000}
SEED=${BENCH_SEED:-42}
STORES=${BENCH_STORES:-embedded neo4j}
WORKERS=${BENCH_WORKERS:-0}
CORPUS=${POLICYGRAPH_DEV_CORPUS:-$REPO_ROOT/../shared/corpus/dev}
NEO4J_PORT=${NEO4J_PORT:-7697}
NEO_HOME=$REPO_ROOT/.build/neo4j-bench
BENCH_DIR=$REPO_ROOT/.build/bench

# The script names the store with flags; inherited settings must not redirect it.
unset POLICYGRAPH_NEO4J_URI POLICYGRAPH_DATA_DIR POLICYGRAPH_LOG_LEVEL

say() { echo "bench-ingest: $*" >&2; }
die() { echo "bench-ingest: error: $*" >&2; exit 1; }

[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
[[ $SEED =~ ^[1-9][0-9]*$ ]] || die "BENCH_SEED must be a positive integer, got '$SEED'"
compgen -G "$CORPUS/*.txt" >/dev/null || die "no *.txt in $CORPUS (set POLICYGRAPH_DEV_CORPUS)"

TIME=/usr/bin/time
if [[ ! -x $TIME ]]; then
  say "installing GNU time (apt-get install time) ..."
  apt-get install -y -qq time >/dev/null 2>&1 || die "GNU time missing: apt-get install time"
fi

mkdir -p "$BENCH_DIR"
WORK=$(mktemp -d "$BENCH_DIR/ingest.XXXXXX")
BIN=$WORK/policygraph
NEO_STARTED=
# shellcheck source=scripts/bench/common.sh
source "$SCRIPT_DIR/bench/common.sh"
trap bench_cleanup EXIT
bench_build

# --- corpus -------------------------------------------------------------------
gen_corpus() {
  local out=$1
  mkdir -p "$out"
  # Sources in a fixed order (LC_ALL=C sort), so the corpus depends only on N and SEED.
  # shellcheck disable=SC2016 # the program is awk's, not the shell's
  find "$CORPUS" -maxdepth 1 -name '*.txt' -print0 | LC_ALL=C sort -z |
    xargs -0 awk -v n="$N" -v seed="$SEED" -v out="$out" '
      FNR == 1 { src++ }
      NF > 0 { sub(/\r$/, ""); par[src, ++cnt[src]] = $0 }
      function rnd(k) { state = (state * 16807) % 2147483647; return state % k }  # 0..k-1
      END {
        state = seed % 2147483646 + 1
        for (i = 1; i <= n; i++) {
          file = sprintf("%s/synth-%05d.txt", out, i)
          runs = 3 + rnd(3); prev = 0; text = ""
          for (r = 0; r < runs; r++) {
            do { s = 1 + rnd(src) } while (s == prev && src > 1)
            prev = s
            len = 2 + rnd(5); if (len > cnt[s]) len = cnt[s]
            start = 1 + rnd(cnt[s] - len + 1)
            for (j = start; j < start + len; j++) text = text par[s, j] "\n\n"
          }
          printf "%s", text > file
          close(file)
        }
      }'
}

CORPUS_DIR=$WORK/corpus
say "generating $N reports (seed $SEED) from $CORPUS into $CORPUS_DIR ..."
gen_corpus "$CORPUS_DIR"
# find | xargs, not a glob: 30,000 names overflow a command line.
corpus_cat() { find "$CORPUS_DIR" -name '*.txt' -print0 | LC_ALL=C sort -z | xargs -0 cat; }
CORPUS_BYTES=$(corpus_cat | wc -c)
CORPUS_FILES=$(find "$CORPUS_DIR" -name '*.txt' | wc -l)
CORPUS_SHA=$(corpus_cat | sha256sum | cut -c1-12)
say "corpus: $CORPUS_FILES files, $CORPUS_BYTES bytes, sha256 $CORPUS_SHA"

# --- measuring ----------------------------------------------------------------
RESULTS=()

# run LABEL -- CMD...: times CMD with GNU time, appends a result row.
run() {
  local label=$1 tf=$WORK/time.$RANDOM log=$WORK/out.$RANDOM
  shift 2
  say "$label: $*"
  if ! "$TIME" -v -o "$tf" "$@" >"$log" 2>"$log.err"; then
    tail -n 20 "$log.err" >&2
    die "$label failed"
  fi
  local wall rss secs isecs ingest_line outputs
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tf")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tf")
  outputs=$(sed -n 's/.*File system outputs: //p' "$tf")
  secs=$(awk -v t="$wall" 'BEGIN { n = split(t, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }')
  ingest_line=$(grep -m1 '^ingested' "$log" || true)
  cat "$log" >&2
  # The summary's own duration ("in 1m2.5s", "in 348ms"): the ingest without process start.
  isecs=$(sed -n 's/.* in \([0-9.hmµns]*\)[: ].*/\1/p' <<<"$ingest_line" | awk '{
    t = $0; s = 0
    while (match(t, /^[0-9.]+(h|ms|µs|us|ns|m|s)/)) {
      v = substr(t, 1, RLENGTH); t = substr(t, RLENGTH + 1)
      u = v; sub(/^[0-9.]+/, "", u); x = v + 0
      s += (u == "h") ? x * 3600 : (u == "m") ? x * 60 : (u == "s") ? x : (u == "ms") ? x / 1e3 : (u == "ns") ? x / 1e9 : x / 1e6
    }
    print s }')
  RESULTS+=("$(printf '%-32s %8.2f %8.1f %9.2f %8.1f %8.0f %10.1f   %s' "$label" "$secs" \
    "$(awk -v n="$CORPUS_FILES" -v s="$secs" 'BEGIN { print n / s }')" "${isecs:-0}" \
    "$(awk -v n="$CORPUS_FILES" -v s="${isecs:-0}" 'BEGIN { print (s > 0 ? n / s : 0) }')" \
    "$((rss / 1024))" "$(awk -v b="${outputs:-0}" 'BEGIN { print b * 512 / 1048576 }')" "${ingest_line#ingested }")")
}

# size STORE-FLAGS...: nodes and relationships in the export.
size() {
  local f=$WORK/export.jsonl
  "$BIN" export --log-level warn "$@" -o "$f"
  echo "$(grep -c '^{"type":"node"' "$f") nodes, $(grep -c '^{"type":"relationship"' "$f") relationships, $(wc -l <"$f") export lines"
  rm -f "$f"
}

SIZES=()
INGEST=("$BIN" ingest --log-level warn --workers "$WORKERS")

for store in $STORES; do
  case $store in
    embedded)
      rm -rf "$WORK/data"
      run "embedded: ingest $N (empty)" -- "${INGEST[@]}" --data-dir "$WORK/data" "$CORPUS_DIR"
      DATA_FILES=$(cd "$WORK/data" && ls | tr '\n' ' ')
      if [[ ${BENCH_REINGEST:-1} != 0 ]]; then
        run "embedded: re-ingest (unchanged)" -- "${INGEST[@]}" --data-dir "$WORK/data" "$CORPUS_DIR"
      fi
      SIZES+=("embedded: $(size --data-dir "$WORK/data") (data dir $(du -sh "$WORK/data" | cut -f1): $DATA_FILES)")
      ;;
    neo4j)
      if [[ -n ${BENCH_NEO4J_URI:-} ]]; then
        URI=$BENCH_NEO4J_URI
        say "using $URI as given: it must be an empty throwaway database"
      else
        bench_fresh_neo4j
      fi
      "$BIN" migrate --log-level warn --neo4j-uri "$URI" >/dev/null
      run "neo4j: ingest $N (empty)" -- "${INGEST[@]}" --neo4j-uri "$URI" "$CORPUS_DIR"
      run "neo4j: re-ingest (unchanged)" -- "${INGEST[@]}" --neo4j-uri "$URI" "$CORPUS_DIR"
      SIZES+=("neo4j: $(size --neo4j-uri "$URI")")
      if [[ -n $NEO_STARTED ]]; then
        pid=$(<"$NEO_HOME/neo4j.pid")
        SIZES+=("neo4j server (JVM, -Xmx1g) RSS now: $(($(awk '/VmRSS/ { print $2 }' "/proc/$pid/status") / 1024)) MB, peak $(($(awk '/VmHWM/ { print $2 }' "/proc/$pid/status") / 1024)) MB")
      fi
      ;;
    *) die "unknown store '$store' in BENCH_STORES (embedded, neo4j)" ;;
  esac
done

echo
echo "corpus: $CORPUS_FILES synthetic reports, $CORPUS_BYTES bytes ($(awk -v b="$CORPUS_BYTES" 'BEGIN { printf "%.2f", b / 1048576 }') MiB), seed $SEED, sha256 $CORPUS_SHA; $(nproc) CPUs; workers ${WORKERS/#0/one per CPU}"
printf '%-32s %8s %8s %9s %8s %8s %10s   %s\n' "run" "wall s" "docs/s" "ingest s" "docs/s" "peak MB" "written MB" "policygraph summary"
for r in "${RESULTS[@]}"; do echo "$r"; done
echo
for s in "${SIZES[@]}"; do echo "graph, $s"; done
echo "(wall s: the whole process, with start-up and the segmenter's dictionary load, about 1.3 s;"
echo " ingest s: the run as the summary times it; peak MB: maximum RSS of the policygraph process;"
echo " written MB: bytes the process wrote to disk, as the kernel counts them (write_bytes))"
