package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries/querytest"
)

// counted wraps a store to count its round trips.
type counted struct {
	graph.Store
	n atomic.Int64
}

func count(s graph.Store) *counted {
	c := &counted{}
	c.Store = graph.Observe(s, func(context.Context, string, time.Duration, error) { c.n.Add(1) })
	return c
}

// NativeTree and ReadTree keep the wrapped store's one-round-trip trees
// (Neo4j) visible through the wrapper, so the API tests take that path.
func (c *counted) NativeTree() bool { return graph.NativeTree(c.Store) }

func (c *counted) ReadTree(ctx context.Context, q graph.TreeQuery) (graph.Tree, error) {
	return graph.ReadTree(ctx, c.Store, q)
}

// Health keeps the wrapped store's report visible through the wrapper.
func (c *counted) Health() graph.Health { return graph.HealthOf(c.Store) }

// testServer is a handler over the fixture on one backend.
type testServer struct {
	t       *testing.T
	h       *Handler
	store   *counted
	logs    *bytes.Buffer
	ingests []string
}

type option func(*Config)

func newServer(t *testing.T, s graph.Store, opts ...option) *testServer {
	t.Helper()
	ts := &testServer{t: t, store: count(s), logs: &bytes.Buffer{}}
	cfg := Config{Store: ts.store, Introspection: true, Logger: zerolog.New(ts.logs)}
	for _, o := range opts {
		o(&cfg)
	}
	h, err := NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts.h = h
	return ts
}

func withToken(ts **testServer) option {
	return func(c *Config) {
		c.MutationToken = "s3cret"
		c.Ingest = func(_ context.Context, text, source string, meta map[string]string) (IngestSummary, error) {
			(*ts).ingests = append((*ts).ingests, source)
			return IngestSummary{Document: graph.DocumentID(source), Nodes: 3, Relationships: 2,
				Labels: map[graph.Label]int{graph.Official: 1}, Warnings: []string{"no date: " + meta["newspaper"]}}, nil
		}
	}
}

// response is a decoded GraphQL response.
type response struct {
	status int
	header http.Header
	Data   map[string]interface{} `json:"data"`
	Errors []struct {
		Message    string                 `json:"message"`
		Extensions map[string]interface{} `json:"extensions"`
	} `json:"errors"`
	raw string
}

func (r *response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a GraphQL request as JSON with the given Accept header.
func (ts *testServer) post(accept, query string, vars map[string]interface{}) *response {
	body, _ := json.Marshal(map[string]interface{}{"query": query, "variables": vars})
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	return ts.do(r)
}

func (ts *testServer) query(query string) *response {
	return ts.post(mediaGraphQLResponse, query, nil)
}

func (ts *testServer) get(query string) *response {
	r := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
	return ts.do(r)
}

func (ts *testServer) do(r *http.Request) *response {
	ts.t.Helper()
	w := httptest.NewRecorder()
	ts.h.ServeHTTP(w, r)
	res := &response{status: w.Code, header: w.Header(), raw: w.Body.String()}
	if err := json.Unmarshal(w.Body.Bytes(), res); err != nil {
		ts.t.Fatalf("response is not JSON (%d): %v\n%s", w.Code, err, w.Body.String())
	}
	return res
}

// ok runs a query and fails on any error.
func (ts *testServer) ok(query string) map[string]interface{} {
	ts.t.Helper()
	res := ts.query(query)
	if res.status != http.StatusOK || len(res.Errors) > 0 {
		ts.t.Fatalf("query failed (%d): %s\n%s", res.status, res.raw, query)
	}
	return res.Data
}

// at walks decoded JSON by keys and indexes: at(d, "a", 0, "b").
func at(v interface{}, path ...interface{}) interface{} {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]interface{})
			v = m[k]
		case int:
			l, _ := v.([]interface{})
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// pluck collects field f of every element of a list.
func pluck(v interface{}, f string) []string {
	var out []string
	l, _ := v.([]interface{})
	for _, e := range l {
		s, _ := at(e, f).(string)
		out = append(out, s)
	}
	return out
}

func eachBackend(t *testing.T, fn func(t *testing.T, s graph.Store)) {
	querytest.ForEach(t, fn)
}

func compact(q string) string { return strings.Join(strings.Fields(q), " ") }
