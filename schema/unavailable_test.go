package schema

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/neo4jstore"
	"github.com/policygraph/policygraph/internal/faultproxy"
	"github.com/policygraph/policygraph/queries/querytest"
)

// down is a store that reports itself unavailable, to test what the
// handler does with that report (TestNeo4jUnavailable tests that Neo4j
// makes it).
type down struct{ graph.Store }

func (down) Health() graph.Health {
	return graph.Health{Reason: "unreachable", Since: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
}

func TestStoreUnavailable(t *testing.T) {
	ts := newServer(t, down{mustLoaded(t)})
	res := ts.query(`{ officials { totalCount } }`)
	if res.status != http.StatusServiceUnavailable || res.code() != CodeStoreUnavailable || res.header.Get("Retry-After") == "" ||
		res.Errors[0].Extensions["reason"] != "unreachable" || !strings.Contains(res.Errors[0].Message, "unreachable since 2026-12-01T08:00:00Z") {
		t.Errorf("query while the store is down: %d %s", res.status, res.raw)
	}
	if n := ts.store.n.Load(); n != 0 {
		t.Errorf("%d store calls while it is known down", n)
	}
	// Introspection needs no store.
	if res := ts.query(`{ __schema { queryType { name } } __typename }`); res.status != http.StatusOK || len(res.Errors) > 0 {
		t.Errorf("introspection while the store is down: %s", res.raw)
	}
	// The legacy media type gets the same status: this is not a GraphQL
	// error but the service being unavailable.
	if res := ts.post("application/json", `{ stats { nodes } }`, nil); res.status != http.StatusServiceUnavailable {
		t.Errorf("legacy client: %d", res.status)
	}
}

// openNeo4jThroughProxy opens the test server's store through a proxy the
// test can cut, loaded with the fixture.
func openNeo4jThroughProxy(t *testing.T) (*neo4jstore.Store, *faultproxy.Proxy) {
	t.Helper()
	uri := os.Getenv("POLICYGRAPH_TEST_NEO4J_URI")
	if uri == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("POLICYGRAPH_TEST_NEO4J_URI is not set in CI")
		}
		t.Skip("POLICYGRAPH_TEST_NEO4J_URI not set")
	}
	p, err := faultproxy.Start(strings.TrimPrefix(uri, "bolt://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: "bolt://" + p.Addr(), User: os.Getenv("POLICYGRAPH_TEST_NEO4J_USER"),
		Password: os.Getenv("POLICYGRAPH_TEST_NEO4J_PASSWORD"), HealthInterval: 200 * time.Millisecond, HealthTimeout: 500 * time.Millisecond})
	if err != nil {
		t.Fatalf("open Neo4j through a proxy: %v", err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	if err := s.Wipe(ctx); err != nil {
		t.Fatal(err)
	}
	if err := querytest.Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s, p
}

func waitAvailable(t *testing.T, s graph.Store, want bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); graph.HealthOf(s).Available != want; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("store health still %+v after 10s", graph.HealthOf(s))
		}
	}
}

// TestNeo4jUnavailable stops Neo4j under the API (its port closes) and
// brings it back. A query that was already waiting ends with
// STORE_UNAVAILABLE instead of waiting out the request timeout (10 s
// here); once the store knows, queries are refused at once with 503 and no
// store call, introspection still answers, the metrics say why; and when
// the server is back, so is the API.
func TestNeo4jUnavailable(t *testing.T) {
	s, p := openNeo4jThroughProxy(t)
	ts := newServer(t, s, func(c *Config) { c.Limits.Timeout = 10 * time.Second })
	reg := prometheus.NewRegistry()
	reg.MustRegister(ts.h.Collectors()...)
	const q = `{ officials { totalCount } }`
	if d := ts.ok(q); at(d, "officials", "totalCount") != 7.0 {
		t.Fatalf("officials on Neo4j: %v", d)
	}

	p.Stop()
	if res := ts.query(q); res.code() != CodeStoreUnavailable {
		t.Errorf("query as the server stops: %d %s", res.status, res.raw)
	}
	waitAvailable(t, s, false)
	calls := ts.store.n.Load()
	rt := storeRoundTrips(t, ts.h)
	res := ts.query(q)
	if res.status != http.StatusServiceUnavailable || res.code() != CodeStoreUnavailable || res.Errors[0].Extensions["reason"] != "unreachable" {
		t.Errorf("query while the server is down: %d %s", res.status, res.raw)
	}
	if n := ts.store.n.Load() - calls; n != 0 || storeRoundTrips(t, ts.h) != rt {
		t.Errorf("%d store calls while the server is known down", n)
	}
	if res := ts.query(`{ __schema { queryType { name } } }`); res.status != http.StatusOK {
		t.Errorf("introspection while the server is down: %s", res.raw)
	}
	if got := gauge(t, reg, "policygraph_store_up", "unreachable"); got != 0 {
		t.Errorf("policygraph_store_up{reason=unreachable} = %v", got)
	}

	if err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	waitAvailable(t, s, true)
	if d := ts.ok(q); at(d, "officials", "totalCount") != 7.0 {
		t.Errorf("officials after the server is back: %v", d)
	}
	if got := gauge(t, reg, "policygraph_store_up", ""); got != 1 {
		t.Errorf("policygraph_store_up = %v after the server is back", got)
	}
}

// gauge reads the gauge name{reason} from the registry.
func gauge(t *testing.T, reg *prometheus.Registry, name, reason string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "reason" && l.GetValue() == reason {
					return m.GetGauge().GetValue()
				}
			}
		}
	}
	t.Fatalf("no %s{reason=%q} in the metrics", name, reason)
	return 0
}
