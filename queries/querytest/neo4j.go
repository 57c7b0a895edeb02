package querytest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/neo4jstore"
)

// With POLICYGRAPH_TEST_NEO4J_URI set (and POLICYGRAPH_TEST_NEO4J_USER,
// _PASSWORD when the server has auth), every API test also runs on Neo4j.
// Each test starts from an empty database: point this at a throwaway
// server, never at one holding data, and run packages one at a time
// (go test -p 1), since each wipes the database it shares with the others.
func init() {
	uri := os.Getenv("POLICYGRAPH_TEST_NEO4J_URI")
	if uri == "" {
		return
	}
	Register(Backend{Name: "neo4j", Open: func(t *testing.T) graph.Store {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		user, pass := os.Getenv("POLICYGRAPH_TEST_NEO4J_USER"), os.Getenv("POLICYGRAPH_TEST_NEO4J_PASSWORD")
		s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: uri, User: user, Password: pass})
		if err == nil {
			if err = s.Wipe(ctx); err != nil {
				s.Close(ctx)
			}
		}
		if err != nil {
			t.Fatalf("neo4j: open %s: %v", uri, err)
		}
		return s
	}})
}
