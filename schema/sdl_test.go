package schema

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph/memstore"
)

var updateSDL = flag.Bool("update", false, "rewrite schema.graphql from the running schema")

// fullConfig has every optional part on, so the committed SDL shows the
// whole API (the Mutation type only exists with a token).
func fullConfig() Config {
	return Config{Store: memstore.New(), Introspection: true, MutationToken: "t",
		Ingest: func(context.Context, string, string, map[string]string) (IngestSummary, error) {
			return IngestSummary{}, nil
		}}
}

// TestSDLCommitted fails when the running schema drifts from
// schema/schema.graphql; run `go test ./schema -run SDL -update` after an
// intended change and commit the file.
func TestSDLCommitted(t *testing.T) {
	h, err := NewHandler(fullConfig())
	if err != nil {
		t.Fatal(err)
	}
	got := "# Generated from the running schema by `go test ./schema -run SDL -update`; do not edit.\n" + h.SDL()
	if *updateSDL {
		if err := os.WriteFile("schema.graphql", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("schema.graphql")
	if err != nil {
		t.Fatalf("read committed SDL: %v", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("the running schema differs from schema.graphql at line %d:\n running:   %q\n committed: %q\nrun `go test ./schema -run SDL -update` if the change is intended", i+1, g, w)
			}
		}
	}
	// Without a token there is no Mutation type at all.
	cfg := fullConfig()
	cfg.MutationToken = ""
	h2, err := NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h2.SDL(), "type Mutation") || strings.Contains(h2.SDL(), "ingestDocument") {
		t.Error("mutations exposed without a token")
	}
}

// TestSDLFile: /graphql/schema.graphql serves schema/schema.graphql as it
// is committed, as UTF-8 text, to GET and HEAD only, and not at all when
// introspection is off.
func TestSDLFile(t *testing.T) {
	if *updateSDL {
		t.Skip("-update rewrites schema.graphql after this binary embedded it")
	}
	want, err := os.ReadFile("schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHandler(fullConfig())
	if err != nil {
		t.Fatal(err)
	}
	serve := func(hd http.Handler, method string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		hd.ServeHTTP(w, httptest.NewRequest(method, "/graphql/schema.graphql", nil))
		return w
	}
	w := serve(h.SDLFile(), http.MethodGet)
	if w.Code != http.StatusOK || w.Body.String() != string(want) {
		t.Fatalf("GET: %d, body is the committed SDL: %v", w.Code, w.Body.String() == string(want))
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.Contains(w.Body.String(), "type Query {") {
		t.Error("the SDL has no Query type")
	}
	if w := serve(h.SDLFile(), http.MethodHead); w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Errorf("HEAD: %d, %d bytes", w.Code, w.Body.Len())
	}
	if w := serve(h.SDLFile(), http.MethodPost); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", w.Code)
	}
	cfg := fullConfig()
	cfg.Introspection = false
	closed, err := NewHandler(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if w := serve(closed.SDLFile(), http.MethodGet); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "type Query") {
		t.Errorf("without introspection: %d", w.Code)
	}
}
