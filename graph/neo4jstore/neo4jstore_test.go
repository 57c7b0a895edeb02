package neo4jstore

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/storetest"
)

// The integration tests need a Neo4j 5 server:
//
//	bash scripts/neo4j.sh start
//	POLICYGRAPH_TEST_NEO4J_URI=bolt://127.0.0.1:7687 go test ./graph/neo4jstore/
//
// POLICYGRAPH_TEST_NEO4J_USER and POLICYGRAPH_TEST_NEO4J_PASSWORD select
// basic auth (the script's server takes user neo4j when NEO4J_PASSWORD is
// set). Every test empties the database first: do not point them at data
// you want to keep.
const (
	envURI      = "POLICYGRAPH_TEST_NEO4J_URI"
	envUser     = "POLICYGRAPH_TEST_NEO4J_USER"
	envPassword = "POLICYGRAPH_TEST_NEO4J_PASSWORD"
)

// testConfig returns the server to test against. Without one the tests
// skip, except in CI (env CI set), where a skipped Neo4j suite would pass
// silently; there they fail.
func testConfig(tb testing.TB) Config {
	tb.Helper()
	uri := os.Getenv(envURI)
	if uri == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s is not set, and CI is: the Neo4j conformance suite must run in CI (start a server with `bash scripts/neo4j.sh start` and set %s=bolt://127.0.0.1:7687)", envURI, envURI)
		}
		tb.Skipf("%s is not set; to run the Neo4j suite, `bash scripts/neo4j.sh start` and set %s=bolt://127.0.0.1:7687", envURI, envURI)
	}
	return Config{URI: uri, User: os.Getenv(envUser), Password: os.Getenv(envPassword)}
}

// openEmpty opens a store on the test server and deletes every node and
// relationship in it, keeping the schema.
func openEmpty(tb testing.TB) *Store {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := Open(ctx, testConfig(tb))
	if err != nil {
		tb.Fatalf("open: %v", err)
	}
	if err := s.Wipe(ctx); err != nil {
		s.Close(ctx)
		tb.Fatalf("empty the test database: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	testConfig(t) // skip or fail before the suite's subtests
	storetest.Run(t, func(t *testing.T) graph.Store { return openEmpty(t) })
}

func BenchmarkWrite(b *testing.B) {
	storetest.BenchmarkWrite(b, func(tb testing.TB) graph.Store { return openEmpty(tb) })
}

// BenchmarkWriteParallel: eight writers, as the ingest pipeline's default
// (ingest.DefaultWriteWorkers).
func BenchmarkWriteParallel(b *testing.B) {
	storetest.BenchmarkWriteParallel(b, 8, func(tb testing.TB) graph.Store { return openEmpty(tb) })
}
