package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph/memstore"
)

// TestAccessLog holds every request's log line to one shape: duration_ms a
// number, the time with milliseconds; probes only at debug level.
func TestAccessLog(t *testing.T) {
	for _, c := range []struct {
		level    string
		path     string
		wantLine bool
	}{
		{"info", "/healthz", false},
		{"info", "/readyz", false},
		{"info", "/", true},
		{"info", "/metrics", true},
		{"info", "/graphql?query=%7Bstats%7Bnodes%7D%7D", true},
		{"debug", "/healthz", true},
		{"debug", "/readyz", true},
	} {
		t.Run(c.level+c.path, func(t *testing.T) {
			var buf bytes.Buffer
			f := storeFlags{logLevel: c.level, logFormat: "json"}
			log, err := f.logger(&buf)
			if err != nil {
				t.Fatal(err)
			}
			h, err := newServer(memstore.New(), nil, serveFlags{introspection: true, timeout: 5 * time.Second, maxDepth: 8}, log)
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			resp, err := http.Get(srv.URL + c.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			var lines []map[string]any
			for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				if l == "" {
					continue
				}
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("log line is not JSON: %q", l)
				}
				if m["message"] == "http request" || m["message"] == "graphql request" {
					lines = append(lines, m)
				}
			}
			if !c.wantLine {
				if len(lines) != 0 {
					t.Errorf("probe logged at %s: %v", c.level, lines)
				}
				return
			}
			if len(lines) != 1 {
				t.Fatalf("%d request lines, want 1: %s", len(lines), buf.String())
			}
			m := lines[0]
			if d, ok := m["duration_ms"].(float64); !ok || d < 0 {
				t.Errorf("duration_ms %#v, want a number of milliseconds", m["duration_ms"])
			}
			if _, ok := m["duration"]; ok {
				t.Errorf("a second duration field: %v", m)
			}
			ts, _ := m["time"].(string)
			if _, err := time.Parse(jsonTimeFormat, ts); err != nil || !strings.Contains(ts, ".") {
				t.Errorf("time %q lacks milliseconds: %v", ts, err)
			}
		})
	}
}
