package neo4jstore

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/internal/faultproxy"
)

// openThroughProxy opens a store on the test server through a proxy the
// test can cut, so a server that goes away can be tested without stopping
// the one other tests share.
func openThroughProxy(t *testing.T, interval time.Duration, notify func(graph.Health)) (*Store, *faultproxy.Proxy) {
	t.Helper()
	cfg := testConfig(t)
	target := strings.TrimPrefix(strings.TrimPrefix(cfg.URI, "bolt://"), "neo4j://")
	if _, _, err := net.SplitHostPort(target); err != nil {
		t.Skipf("cannot proxy %s: %v", cfg.URI, err)
	}
	p, err := faultproxy.Start(target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	cfg.URI = "bolt://" + p.Addr()
	cfg.HealthInterval, cfg.HealthTimeout, cfg.OnHealthChange = interval, 500*time.Millisecond, notify
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open through the proxy: %v", err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return s, p
}

// waitHealth waits until the store reports available (or not), up to 10 s.
func waitHealth(t *testing.T, s *Store, available bool) graph.Health {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		h := s.Health()
		if h.Available == available {
			return h
		}
		if time.Now().After(deadline) {
			t.Fatalf("store still reports %+v after 10s, want available=%v", h, available)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func findOne(ctx context.Context, s *Store) error {
	_, err := s.FindNodes(ctx, graph.NodeQuery{Limit: 1})
	return err
}

// TestOutage takes the server away twice, as a stopped server (the port
// refuses connections) and as a partition (the port accepts and never
// answers), and brings it back each time. While it is away, reads fail at
// once with graph.ErrUnavailable instead of retrying until their deadline
// (30 s here), the store says why, and a write waits for the server
// rather than failing.
func TestOutage(t *testing.T) {
	var mu sync.Mutex
	var changes []string
	s, p := openThroughProxy(t, 200*time.Millisecond, func(h graph.Health) {
		mu.Lock()
		defer mu.Unlock()
		if h.Available {
			changes = append(changes, "available")
		} else {
			changes = append(changes, h.Reason)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := findOne(ctx, s); err != nil {
		t.Fatalf("read through the proxy: %v", err)
	}
	if h := s.Health(); !h.Available || h.Reason != "" {
		t.Fatalf("health while up: %+v", h)
	}

	// Stopped: the first read may already be waiting in the driver's retry
	// loop when the health check notices; it is let go then.
	p.Stop()
	if err := findOne(ctx, s); !errors.Is(err, graph.ErrUnavailable) || ctx.Err() != nil {
		t.Errorf("read racing the outage: %v (deadline passed: %v), want ErrUnavailable", err, ctx.Err())
	}
	h := waitHealth(t, s, false)
	if h.Reason != reasonUnreachable || h.Since.IsZero() || h.Err == nil {
		t.Errorf("health with the port closed: %+v", h)
	}
	for i := 0; i < 3; i++ {
		if err := findOne(ctx, s); !errors.Is(err, graph.ErrUnavailable) || !strings.Contains(err.Error(), "unreachable") {
			t.Errorf("read with the port closed: %v, want ErrUnavailable", err)
		}
	}
	if _, err := s.Search(ctx, graph.SearchQuery{Text: "株洲"}); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("search with the port closed: %v", err)
	}
	// A write waits for the server: it lands once the port opens again.
	wrote := make(chan error, 1)
	go func() {
		b := graph.DocumentBatch{Document: graph.Node{ID: graph.DocumentID("outage.txt"), Label: graph.Document, Name: "outage.txt"}}
		_, err := s.WriteDocument(ctx, b)
		wrote <- err
	}()
	time.Sleep(500 * time.Millisecond)
	if err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	if err := <-wrote; err != nil {
		t.Errorf("write across the outage: %v", err)
	}
	waitHealth(t, s, true)
	if err := findOne(ctx, s); err != nil {
		t.Errorf("read after the port opened again: %v", err)
	}

	// Partitioned: nothing refuses, probes time out.
	p.Hang()
	h = waitHealth(t, s, false)
	if h.Reason != reasonTimeout {
		t.Errorf("health while partitioned: %+v", h)
	}
	if err := findOne(ctx, s); !errors.Is(err, graph.ErrUnavailable) {
		t.Errorf("read while partitioned: %v", err)
	}
	if err := p.Resume(); err != nil {
		t.Fatal(err)
	}
	waitHealth(t, s, true)
	if err := findOne(ctx, s); err != nil {
		t.Errorf("read after the partition: %v", err)
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping after the partition: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if strings.Join(changes, " ") != "unreachable available timeout available" {
		t.Errorf("health changes: %v", changes)
	}
}
