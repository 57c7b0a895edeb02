package neo4jstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/storetest"
)

// TestConformanceRouted runs the whole conformance suite through the
// neo4j:// scheme, as a deployment over a cluster (Enterprise, Aura)
// connects: the driver asks the server for a routing table and sends
// reads to readers and writes to the leader. A single Community server
// answers the routing request with itself in every role, so the routed
// code path (routing table, read and write access modes) is exercised
// against the suite's own server.
func TestConformanceRouted(t *testing.T) {
	cfg := testConfig(t)
	host, ok := strings.CutPrefix(cfg.URI, "bolt://")
	if !ok {
		t.Fatalf("%s: want a bolt:// URI to derive the neo4j:// one from", cfg.URI)
	}
	cfg.URI = "neo4j://" + host
	storetest.Run(t, func(t *testing.T) graph.Store {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		s, err := Open(ctx, cfg)
		if err != nil {
			t.Fatalf("open %s: %v", cfg.URI, err)
		}
		if err := s.Wipe(ctx); err != nil {
			s.Close(ctx)
			t.Fatalf("empty the test database: %v", err)
		}
		return s
	})
}
