# Shared by scripts/bench-ingest.sh and scripts/bench-graphql.sh (sourced,
# after they set SCRIPT_DIR, REPO_ROOT, NEO4J_PORT, NEO_HOME, WORK, BIN and
# define say): building the binary, the bench's own Neo4j instance, and
# cleaning up.

# bench_neo4j runs scripts/neo4j.sh on the bench instance (its own home and
# port, so it never touches a developer's server).
bench_neo4j() {
  NEO4J_PORT=$NEO4J_PORT POLICYGRAPH_NEO4J_HOME=$NEO_HOME bash "$SCRIPT_DIR/neo4j.sh" "$@"
}

# bench_build builds the binary under test into $BIN.
bench_build() {
  say "building $BIN ..."
  (cd "$REPO_ROOT" && go build -o "$BIN" ./cmd/policygraph)
}

# bench_fresh_neo4j starts an empty bench instance and sets URI.
bench_fresh_neo4j() {
  say "starting a fresh bench Neo4j (home $NEO_HOME, port $NEO4J_PORT) ..."
  bench_neo4j wipe >/dev/null
  URI=$(bench_neo4j start)
  NEO_STARTED=1
}

# bench_cleanup stops the bench instance if this run started it and removes
# $WORK unless BENCH_KEEP is set.
bench_cleanup() {
  if [[ -n ${NEO_STARTED:-} ]]; then
    bench_neo4j stop >/dev/null 2>&1 || true
  fi
  if [[ -n ${BENCH_KEEP:-} ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
