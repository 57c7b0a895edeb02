package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
)

// TestGraphQLCSV: GET /graphql.csv runs a query as GET /graphql does and
// answers its first list as a CSV table; what /graphql refuses it refuses,
// with the same errors as JSON.
func TestGraphQLCSV(t *testing.T) {
	store := memstore.New()
	p, err := ingest.New(store)
	if err != nil {
		t.Fatal(err)
	}
	if err := ingestSample(context.Background(), p, "", zerolog.Nop()); err != nil {
		t.Fatal(err)
	}
	h, err := newServer(store, nil, serveFlags{introspection: true, timeout: 5 * time.Second, maxDepth: 8}, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	get := func(path, query, vars string) (*http.Response, string) {
		t.Helper()
		v := url.Values{"query": {query}}
		if vars != "" {
			v.Set("variables", vars)
		}
		resp, err := http.Get(srv.URL + path + "?" + v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}

	const q = `query($n: Int) { officials(first: $n) { totalCount nodes { name positions { title } } } }`
	resp, body := get("/graphql.csv", q, `{"n": 5}`)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="officials.csv"` {
		t.Fatalf("%d %v %q", resp.StatusCode, resp.Header, body)
	}
	if !strings.HasPrefix(body, "\ufeff") {
		t.Errorf("no BOM: %q", body[:min(20, len(body))])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || strings.Join(rows[0], ",") != "name,positions.title" {
		t.Fatalf("rows: %q", rows)
	}
	// The rows are the answer of POST /graphql, in its order.
	post, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(
		`{"query": "{ officials(first: 5) { nodes { name positions { title } } } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		Data struct {
			Officials struct {
				Nodes []struct {
					Name      string
					Positions []struct{ Title string }
				}
			}
		}
	}
	if err := json.NewDecoder(post.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	for i, n := range answer.Data.Officials.Nodes {
		var titles []string
		for _, p := range n.Positions {
			titles = append(titles, p.Title)
		}
		if want := []string{n.Name, strings.Join(titles, "; ")}; strings.Join(rows[i+1], "|") != strings.Join(want, "|") {
			t.Errorf("row %d: %q, want %q", i+1, rows[i+1], want)
		}
	}
	if !strings.ContainsAny(body, "市区县") {
		t.Errorf("no Chinese in the table: %q", body)
	}

	// Twelve object levels, officials and proposals in turn; the limit is 8.
	deep := "name"
	for i := 0; i < 10; i++ {
		f := "proposers"
		if i%2 == 1 {
			f = "proposals"
		}
		deep = f + " { nodes { " + deep + " } }"
	}
	deep = "{ officials { nodes { " + deep + " } } }"
	// rows= makes the brief's items the rows, each beside its group's place and date.
	brief := `{ crossReference(topic: "硬质合金") { topic groups { city { name } date items { label name titles quotes { text } } } } }`
	resp, body = get("/graphql.csv", brief, "")
	if rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll(); resp.StatusCode != 200 || err != nil ||
		strings.Join(rows[0], ",") != "city.name,date,items.label,items.name,items.titles,items.quotes.text" {
		t.Fatalf("brief: %d %q", resp.StatusCode, body)
	}
	v := url.Values{"query": {brief}, "rows": {"crossReference.groups.items"}}
	resp, err = http.Get(srv.URL + "/graphql.csv?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	table, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || resp.Header.Get("Content-Disposition") != `attachment; filename="crossReference-groups-items.csv"` || len(table) < 2 {
		t.Fatalf("brief by item: %v %v %q", err, resp.Header, table)
	}
	for _, r := range table[1:] {
		if r[3] == "" || strings.Contains(r[3], "; ") {
			t.Errorf("not one item a row: %q", r)
		}
	}
	v.Set("rows", "crossReference.topic")
	if resp, err := http.Get(srv.URL + "/graphql.csv?" + v.Encode()); err != nil || resp.StatusCode != 400 {
		t.Errorf("rows through no list: %v %v", resp, err)
	}

	bad := []struct {
		name, query, vars string
		status            int
		want              string
	}{
		{"parse error", `{ officials(first: 5) { nodes { name }`, "", 400, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `{ officials { nodes { nickname } } }`, "", 400, "nickname"},
		{"page over the limit", `{ officials(first: 5000) { nodes { name } } }`, "", 400, "ARGUMENT_LIMIT"},
		{"too deep", deep, "", 400, "DEPTH_LIMIT"},
		{"bad variables", q, `{"n": "five"}`, 400, "BAD_USER_INPUT"},
		{"no list", `{ __typename }`, "", 400, "no list"},
		{"mutation over GET", `mutation { ingestDocument(text: "x", source: "x") { document } }`, "", 405, "POST"},
	}
	for _, c := range bad {
		resp, body := get("/graphql.csv", c.query, c.vars)
		var e struct{ Errors []struct{ Message string } }
		if resp.StatusCode != c.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") ||
			json.Unmarshal([]byte(body), &e) != nil || len(e.Errors) == 0 || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s %q", c.name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
		// The same query to GET /graphql is refused too.
		if c.status != 405 && c.want != "no list" {
			if resp, body := get("/graphql", c.query, c.vars); !strings.Contains(body, c.want) {
				t.Errorf("%s: /graphql answers %d %q", c.name, resp.StatusCode, body)
			}
		}
	}
}
