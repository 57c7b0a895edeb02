package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/internal/faultproxy"
)

// TestReadyzTellsWhy serves on Neo4j through a proxy and closes its port:
// /readyz turns 503 and says why (without driver text), the metrics too,
// GraphQL refuses at once, the log names the outage; and all of it comes
// back with the server.
func TestReadyzTellsWhy(t *testing.T) {
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
	defer p.Close()
	logs := &syncWriter{w: &strings.Builder{}}
	log := zerolog.New(logs)
	f := storeFlags{neo4jURI: "bolt://" + p.Addr(), neo4jUser: os.Getenv("POLICYGRAPH_TEST_NEO4J_USER"),
		neo4jPassword: os.Getenv("POLICYGRAPH_TEST_NEO4J_PASSWORD"), neo4jDatabase: "neo4j"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	store, err := f.open(ctx, log, readWrite)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(context.Background())
	h, err := newServer(store, nil, serveFlags{introspection: true, timeout: 10 * time.Second, maxDepth: 8}, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path string) (int, string) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	// waitReady polls /readyz until it gives status, for up to 10 s (the
	// store checks its server every second).
	waitReady := func(status int) string {
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			code, body := get("/readyz")
			if code == status {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("/readyz still %d %s after 10s", code, body)
			}
		}
	}
	waitReady(http.StatusOK)

	p.Stop()
	body := waitReady(http.StatusServiceUnavailable)
	var ready map[string]string
	if err := json.Unmarshal([]byte(body), &ready); err != nil || ready["reason"] != "unreachable" || ready["since"] == "" || strings.Contains(body, p.Addr()) {
		t.Errorf("/readyz while Neo4j is down: %s", body)
	}
	if _, m := get("/metrics"); !strings.Contains(m, `policygraph_store_up{reason="unreachable"} 0`) {
		t.Errorf("metrics while Neo4j is down lack policygraph_store_up{reason=\"unreachable\"} 0")
	}
	if code, body := get("/graphql?query=%7Bstats%7Bnodes%7D%7D"); code != http.StatusServiceUnavailable || !strings.Contains(body, "STORE_UNAVAILABLE") {
		t.Errorf("GraphQL while Neo4j is down: %d %s", code, body)
	}
	if !strings.Contains(logs.String(), "Neo4j unavailable") || !strings.Contains(logs.String(), "connection refused") {
		t.Errorf("the outage is not logged with its cause:\n%s", logs.String())
	}

	if err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	waitReady(http.StatusOK)
	if _, m := get("/metrics"); !strings.Contains(m, `policygraph_store_up{reason=""} 1`) {
		t.Errorf("metrics after Neo4j is back lack policygraph_store_up 1")
	}
	if code, body := get("/graphql?query=%7Bstats%7Bnodes%7D%7D"); code != http.StatusOK || !strings.Contains(body, `"stats"`) {
		t.Errorf("GraphQL after Neo4j is back: %d %s", code, body)
	}
	if !strings.Contains(logs.String(), "Neo4j answers again") {
		t.Errorf("the recovery is not logged")
	}
}

// syncWriter serialises writes: the store logs from its checking
// goroutine while the test reads.
type syncWriter struct {
	mu sync.Mutex
	w  *strings.Builder
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
