package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
)

// TestServerRoutes serves the sample reports and checks every route the
// README names answers as documented.
func TestServerRoutes(t *testing.T) {
	store := memstore.New()
	p, err := ingest.New(store)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.IngestPaths(context.Background(), []string{"../../testdata/reports"}); err != nil {
		t.Fatal(err)
	}
	h, err := newServer(store, p, serveFlags{introspection: true, timeout: 5 * time.Second, maxDepth: 8, cors: "https://example.org", token: "t0ken"}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	get := func(path string) (int, string, http.Header) {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b), resp.Header
	}
	cases := []struct {
		path, want string
	}{
		{"/healthz", `"ok"`},
		{"/readyz", `"ready"`},
		{"/", "<html"},
		{"/graphiql", "graphiql"},
		{"/graphql/schema.graphql", "type Query {"},
		{"/graphql?query=" + "%7Bstats%7Bnodes%7D%7D", `"stats"`},
		{"/metrics", "policygraph_graphql_requests_total"},
	}
	for _, c := range cases {
		code, body, _ := get(c.path)
		if code != http.StatusOK || !strings.Contains(strings.ToLower(body), strings.ToLower(c.want)) {
			t.Errorf("GET %s: %d, body lacks %q", c.path, code, c.want)
		}
	}
	if _, _, hd := get("/graphql/schema.graphql"); hd.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("GET /graphql/schema.graphql: Content-Type %q", hd.Get("Content-Type"))
	}

	// CORS preflight from an allowed origin, none for another.
	req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
	req.Header.Set("Origin", "https://example.org")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != "https://example.org" {
		t.Errorf("CORS: allowed origin not echoed")
	}
	req.Header.Set("Origin", "https://evil.example")
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS: foreign origin allowed")
	}

	// The mutation ingests through the real pipeline when the token is right.
	mutation := `{"query":"mutation { ingestDocument(text: \"市人大代表、株洲华宇航空科技公司总经理王建国 加快发展低空经济\\n\\n王建国建议,加快建设通用机场。\", source: \"api.txt\") { document { id } unchanged } }"}`
	post := func(token string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(mutation))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post(""); code == http.StatusOK && !strings.Contains(body, "errors") {
		t.Errorf("mutation without token accepted: %d %s", code, body)
	}
	if code, body := post("t0ken"); code != http.StatusOK || !strings.Contains(body, "document:api.txt") {
		t.Errorf("mutation with token: %d %s", code, body)
	}
	if _, body, _ := get("/graphql?query=" + "%7Bofficials(where%3A%7Bname%3A%7Beq%3A%22%E7%8E%8B%E5%BB%BA%E5%9B%BD%22%7D%7D)%7BtotalCount%7D%7D"); !strings.Contains(body, `"totalCount":1`) {
		t.Errorf("ingested official not queryable: %s", body)
	}
}
