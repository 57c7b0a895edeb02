package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
)

// oneDocument is a store holding one small hand-made document.
func oneDocument(t *testing.T) graph.Store {
	t.Helper()
	s := memstore.New()
	doc := graph.Node{ID: graph.DocumentID("a.txt"), Label: graph.Document, Name: "a.txt", Props: graph.Props{"source": "a.txt", "text": "株洲市"}}
	city := graph.Node{ID: graph.NodeID(graph.City, "430200"), Label: graph.City, Name: "株洲市"}
	b := graph.DocumentBatch{Document: doc, Nodes: []graph.Node{city},
		Relationships: []graph.Relationship{{ID: "r1", Type: graph.Mentions, From: doc.ID, To: city.ID}}}
	if _, err := s.WriteDocument(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestExportOverHTTP: GET /export is the command's export, for the bearer
// of the mutation token only.
func TestExportOverHTTP(t *testing.T) {
	store := oneDocument(t)
	serve := func(token string) *httptest.Server {
		h, err := newServer(store, nil, serveFlags{introspection: true, timeout: 5 * time.Second, maxDepth: 8, token: token}, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv
	}
	// ingestFunc(nil) is nil, which the schema refuses with a token; the
	// export needs no pipeline, so a token server gets a stub one.
	open, guarded := serve(""), serveWithToken(t, store, "s3cret")
	cases := []struct {
		name, method, base, path, auth string
		status                         int
		ctype, body                    string
	}{
		{"off without a token", "GET", open.URL, "/export?format=jsonl", "", 404, "application/json", "--mutation-token"},
		{"no bearer", "GET", guarded, "/export", "", 401, "application/json", "Bearer"},
		{"wrong bearer", "GET", guarded, "/export", "Bearer guess", 401, "application/json", "Bearer"},
		{"jsonl by default", "GET", guarded, "/export", "Bearer s3cret", 200, "application/x-ndjson", `"labels":["Document"]`},
		{"graphml", "GET", guarded, "/export?format=graphml", "bearer s3cret", 200, "application/graphml+xml", "<graphml"},
		{"unknown format", "GET", guarded, "/export?format=csv", "Bearer s3cret", 400, "application/json", "unknown format"},
		{"not a GET", "POST", guarded, "/export", "Bearer s3cret", 405, "application/json", "GET /export"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, c.base+c.path, nil)
		if c.auth != "" {
			req.Header.Set("Authorization", c.auth)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), c.ctype) || !strings.Contains(string(b), c.body) {
			t.Errorf("%s: %d %s %q", c.name, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
	}
	// The JSON lines are the whole graph: two nodes, one relationship.
	req, _ := http.NewRequest("GET", guarded+"/export?format=jsonl", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		var o struct{ Type string }
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		counts[o.Type]++
	}
	if counts["node"] != 2 || counts["relationship"] != 1 {
		t.Errorf("export over HTTP: %v", counts)
	}
}

// serveWithToken serves store with a mutation token (and an ingest that
// refuses, which the export test never calls).
func serveWithToken(t *testing.T, store graph.Store, token string) string {
	t.Helper()
	h, err := newServer(store, &ingest.Pipeline{}, serveFlags{introspection: true, timeout: 5 * time.Second, maxDepth: 8, token: token}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// ingestAnswer is ingestDocument's answer.
type ingestAnswer struct {
	Nodes, Relationships, Replaced int
	Unchanged                      bool
	Warnings                       []string
	Labels                         []struct {
		Label string
		Count int
	}
}

// TestIngestDocumentCounts: the mutation answers with what the store
// wrote and replaced, and with warnings about what the report lacks.
func TestIngestDocumentCounts(t *testing.T) {
	store := memstore.New()
	p, err := ingest.New(store)
	if err != nil {
		t.Fatal(err)
	}
	h, err := newServer(store, p, serveFlags{introspection: true, timeout: 30 * time.Second, maxDepth: 8, token: "t0ken"}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	ingestDoc := func(source, text string, meta map[string]string) ingestAnswer {
		t.Helper()
		var entries []map[string]string
		for k, v := range meta {
			entries = append(entries, map[string]string{"key": k, "value": v})
		}
		body, _ := json.Marshal(map[string]any{
			"query": `mutation($t: String!, $s: String!, $m: [MetadataEntry!]) { ingestDocument(text: $t, source: $s, metadata: $m) {
				nodes relationships replaced unchanged warnings labels { label count } } }`,
			"variables": map[string]any{"t": text, "s": source, "m": entries},
		})
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer t0ken")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out struct {
			Data   struct{ IngestDocument ingestAnswer }
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || len(out.Errors) > 0 {
			t.Fatalf("ingestDocument: %v %v", err, out.Errors)
		}
		return out.Data.IngestDocument
	}
	stats := func() graph.Stats {
		st, err := store.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	text := "市人大代表、株洲华宇航空科技公司总经理王建国 加快发展低空经济\n\n王建国建议,加快建设通用机场。"
	first := ingestDoc("api.txt", text, map[string]string{"date": "2025-01-08"})
	st := stats()
	labelled := 0
	for _, l := range first.Labels {
		labelled += l.Count
	}
	if first.Unchanged || first.Replaced != 0 || first.Nodes != st.TotalNodes() || first.Relationships != st.TotalRelationships() || first.Nodes != labelled+1 {
		t.Errorf("first write %+v, the store holds %d nodes and %d relationships", first, st.TotalNodes(), st.TotalRelationships())
	}
	if len(first.Warnings) != 0 {
		t.Errorf("warnings for a dated report with a city: %q", first.Warnings)
	}
	again := ingestDoc("api.txt", text, map[string]string{"date": "2025-01-08"})
	if !again.Unchanged || again.Nodes != 0 || again.Relationships != 0 || again.Replaced != 0 {
		t.Errorf("unchanged document: %+v", again)
	}
	changed := ingestDoc("api.txt", text+"\n\n王建国建议,加快发展人工智能产业。", map[string]string{"date": "2025-01-08"})
	// The facts the first version owned are replaced; a relationship
	// without evidence (a city's LOCATED_IN, from the gazetteer) belongs
	// to no document and stays.
	if changed.Unchanged || changed.Replaced == 0 || changed.Replaced > first.Relationships || changed.Nodes == 0 {
		t.Errorf("changed document: %+v, want 1..%d replaced", changed, first.Relationships)
	}
	bare := ingestDoc("bare.txt", "这里什么也没有。", nil)
	for _, want := range []string{"nothing recognised", "no date found", "no city found"} {
		found := false
		for _, w := range bare.Warnings {
			found = found || strings.Contains(w, want)
		}
		if !found {
			t.Errorf("warnings %q lack %q", bare.Warnings, want)
		}
	}
	if bare.Nodes != 1 {
		t.Errorf("bare document wrote %d nodes, want the document alone", bare.Nodes)
	}
}
