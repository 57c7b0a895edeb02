package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/graphql-go/graphql/testutil"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/queries/querytest"
)

// deep is a query n levels deep as the limit counts them: officials, then
// proposals and proposers in turn, then name (connection plumbing free).
func deep(n int) string {
	q := "name"
	for i := n - 2; i > 0; i-- {
		f := "proposers"
		if i%2 == 1 {
			f = "proposals"
		}
		q = f + "(first: 2) { nodes { " + q + " } }"
	}
	return "{ officials(first: 2) { nodes { " + q + " } } }"
}

func aliases(n int) string {
	var b strings.Builder
	b.WriteString("{")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, " a%d: stats { nodes }", i)
	}
	b.WriteString(" }")
	return b.String()
}

// TestRequestErrors covers the GraphQL-over-HTTP status codes and the
// limits. Each rejection happens before any store work: the store's round
// trip count stays at zero.
func TestRequestErrors(t *testing.T) {
	var ts *testServer
	ts = newServer(t, mustLoaded(t), withToken(&ts))
	postRaw := func(ct, accept, body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		return r
	}
	gql := func(accept, query string) *http.Request {
		return postRaw("application/json", accept, fmt.Sprintf(`{"query": %q}`, query))
	}
	get := func(query string) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(query), nil)
	}
	const gr = mediaGraphQLResponse
	tests := []struct {
		name    string
		req     *http.Request
		status  int
		code    string
		message string // substring
	}{
		{"malformed JSON", postRaw("application/json", gr, `{"query": "{ stats { nodes } }"`), 400, CodeBadRequest, "not a JSON object"},
		{"malformed JSON, legacy media type", postRaw("application/json", "application/json", `{query}`), 400, CodeBadRequest, "not a JSON object"},
		{"body is an array", postRaw("application/json", gr, `[{"query": "{ stats { nodes } }"}]`), 400, CodeBadRequest, "not a JSON object"},
		{"query is not a string", postRaw("application/json", gr, `{"query": 42}`), 400, CodeBadRequest, "query must be a string"},
		{"variables is not an object", postRaw("application/json", gr, `{"query": "{ stats { nodes } }", "variables": [1]}`), 400, CodeBadRequest, "variables must be a JSON object"},
		{"no query", postRaw("application/json", gr, `{"variables": {}}`), 400, CodeBadRequest, "no query"},
		{"wrong content type", postRaw("text/plain", gr, `{"query": "{ stats { nodes } }"}`), 415, CodeUnsupportedMedia, "application/json"},
		{"no content type", postRaw("", gr, `{"query": "{ stats { nodes } }"}`), 415, CodeUnsupportedMedia, "application/json"},
		{"wrong charset", postRaw("application/json; charset=latin1", gr, `{"query": "{ stats { nodes } }"}`), 415, CodeUnsupportedMedia, "utf-8"},
		{"nothing acceptable", gql("text/html", "{ stats { nodes } }"), 406, CodeNotAcceptable, "Accept"},
		{"PUT", httptest.NewRequest(http.MethodPut, "/graphql", nil), 405, CodeMethodNotAllowed, "GET"},
		{"GET mutation", get(`mutation { ingestDocument(text: "x", source: "x.txt") { documentId } }`), 405, CodeMethodNotAllowed, "POST"},
		{"oversized body", postRaw("application/json", gr, `{"query": "{ stats { nodes } }", "pad": "`+strings.Repeat("x", 2<<20)+`"}`), 413, CodePayloadTooLarge, "larger than"},
		{"syntax error", gql(gr, "{ stats { nodes }"), 400, CodeParseFailed, "Syntax Error"},
		{"syntax error, legacy media type", gql("application/json", "{ stats { nodes }"), 200, CodeParseFailed, "Syntax Error"},
		{"unknown field", gql(gr, "{ stats { nodez } }"), 400, CodeValidationFailed, `Cannot query field "nodez"`},
		{"unknown field, legacy media type", gql("", "{ stats { nodez } }"), 200, CodeValidationFailed, `Cannot query field "nodez"`},
		{"unknown operation name", postRaw("application/json", gr, `{"query": "query A { stats { nodes } }", "operationName": "B"}`), 400, CodeBadRequest, `no operation named "B"`},
		{"over-deep", gql(gr, deep(9)), 400, CodeDepthLimit, "9 levels deep; the limit is 8"},
		{"over-complex", gql(gr, `{ officials(first: 100) { nodes { proposals(first: 100) { nodes { targets(first: 100) { nodes { name } } } } } } }`), 400, CodeComplexityLimit, "the limit is 100000"},
		{"over-complex from the end", gql(gr, `{ officials(last: 100) { nodes { proposals(last: 100) { nodes { targets(last: 100) { nodes { name } } } } } } }`), 400, CodeComplexityLimit, "the limit is 100000"},
		{"too many aliases", gql(gr, aliases(31)), 400, CodeAliasLimit, "31 aliases; the limit is 30"},
		{"first above the limit", gql(gr, `{ officials(first: 101) { totalCount } }`), 400, CodeArgumentLimit, "first must be between 0 and 100"},
		{"nested first above the limit", gql(gr, `{ officials { nodes { proposals(first: 500) { totalCount } } } }`), 400, CodeArgumentLimit, "proposals(first: 500)"},
		{"nested last above the limit", gql(gr, `{ officials { nodes { proposals(last: 500) { totalCount } } } }`), 400, CodeArgumentLimit, "proposals(last: 500)"},
		{"last above the limit in a variable", postRaw("application/json", gr, `{"query": "query($n: Int) { officials(last: $n) { totalCount } }", "variables": {"n": 1000}}`), 400, CodeArgumentLimit, "officials(last: 1000)"},
		{"first above the limit in a variable", postRaw("application/json", gr, `{"query": "query($n: Int) { officials(first: $n) { totalCount } }", "variables": {"n": 1000}}`), 400, CodeArgumentLimit, "officials(first: 1000)"},
		{"neighborhood limit above the limit", gql(gr, `{ neighborhood(id: "city:430200", limit: 10000) { truncated } }`), 400, CodeArgumentLimit, "limit"},
		{"variable of the wrong type", postRaw("application/json", gr, `{"query": "query($n: Int) { officials(first: $n) { totalCount } }", "variables": {"n": "many"}}`), 400, CodeBadUserInput, `Variable "$n"`},
		{"mutation without a token", gql(gr, `mutation { ingestDocument(text: "x", source: "x.txt") { documentId } }`), 401, CodeUnauthenticated, "Bearer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := ts.store.n.Load()
			res := ts.do(tc.req)
			if res.status != tc.status || res.code() != tc.code || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, tc.message) {
				t.Errorf("got %d %s, want %d %s with %q\n%.400s", res.status, res.code(), tc.status, tc.code, tc.message, res.raw)
			}
			if res.Data != nil {
				t.Errorf("a rejected request has data: %v", res.Data)
			}
			if n := ts.store.n.Load() - before; n != 0 {
				t.Errorf("%d store round trips before rejecting", n)
			}
			if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/") || !strings.HasSuffix(ct, "json; charset=utf-8") {
				t.Errorf("content type %q", ct)
			}
		})
	}
	// The limit just below each bound passes.
	for _, q := range []string{deep(8), aliases(30), `{ officials(first: 100) { totalCount } }`} {
		if res := ts.query(q); res.status != 200 || len(res.Errors) > 0 {
			t.Errorf("at the limit: %.300s", res.raw)
		}
	}
}

func mustLoaded(t *testing.T) graph.Store {
	s := memstore.New()
	if err := querytest.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMediaTypes(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	for _, tc := range []struct{ accept, want string }{
		{"", mediaJSON},
		{"*/*", mediaJSON},
		{"application/json", mediaJSON},
		{"application/graphql-response+json", mediaGraphQLResponse},
		{"application/graphql-response+json, application/json;q=0.9", mediaGraphQLResponse},
		{"application/json, application/graphql-response+json;q=0.5", mediaJSON},
		{"text/html, application/*;q=0.1", mediaJSON},
	} {
		res := ts.post(tc.accept, "{ stats { nodes } }", nil)
		if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), tc.want+";") {
			t.Errorf("Accept %q: %d %s, want %s", tc.accept, res.status, res.header.Get("Content-Type"), tc.want)
		}
	}
	// GET runs queries, with variables and an operation name.
	r := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`query Q($id: ID!) { node(id: $id) { id } }`)+
		"&operationName=Q&variables="+url.QueryEscape(`{"id": "city:430200"}`), nil)
	if res := ts.do(r); res.status != 200 || at(res.Data, "node", "id") != "city:430200" {
		t.Errorf("GET: %s", res.raw)
	}
	if res := ts.get("{ stats { nodes } }"); res.header.Get("X-Request-Id") == "" {
		t.Error("no request id header")
	}
}

func TestMutation(t *testing.T) {
	var ts *testServer
	ts = newServer(t, mustLoaded(t), withToken(&ts))
	const m = `mutation($text: String!) { ingestDocument(text: $text, source: "new.txt", metadata: [{key: "newspaper", value: "株洲日报"}]) {
		documentId nodes relationships unchanged labels { label count } warnings } }`
	body := `{"query": ` + quoteJSON(m) + `, "variables": {"text": "市人大代表张三建议……"}}`
	for _, tc := range []struct {
		auth   string
		status int
	}{{"Bearer wrong", 401}, {"Basic s3cret", 401}, {"Bearer s3cret", 200}} {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", tc.auth)
		res := ts.do(r)
		if res.status != tc.status {
			t.Errorf("%s: %d %s", tc.auth, res.status, res.raw)
		}
		if tc.status == 401 && res.header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
		if tc.status == 200 && (at(res.Data, "ingestDocument", "documentId") != "document:new.txt" || at(res.Data, "ingestDocument", "warnings", 0) != "no date: 株洲日报") {
			t.Errorf("summary: %s", res.raw)
		}
	}
	if len(ts.ingests) != 1 || ts.ingests[0] != "new.txt" {
		t.Errorf("ingest calls = %v", ts.ingests)
	}
	// Without a token the schema has no mutation at all.
	plain := newServer(t, mustLoaded(t))
	res := plain.query(`mutation { ingestDocument(text: "x", source: "x.txt") { documentId } }`)
	if res.status != 400 || res.code() != CodeValidationFailed {
		t.Errorf("mutation without token configured: %s", res.raw)
	}
}

func quoteJSON(s string) string {
	var b bytes.Buffer
	b.WriteString(`"`)
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteString(`\` + string(r))
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(`"`)
	return b.String()
}

func TestIntrospection(t *testing.T) {
	on := newServer(t, mustLoaded(t))
	// GraphiQL's own introspection query nests far deeper than MaxDepth;
	// introspection is exempt from depth and cost.
	res := on.post(mediaGraphQLResponse, testutil.IntrospectionQuery, nil)
	if res.status != 200 || len(res.Errors) > 0 || at(res.Data, "__schema", "queryType", "name") != "Query" {
		t.Fatalf("introspection: %.300s", res.raw)
	}
	off := newServer(t, mustLoaded(t), func(c *Config) { c.Introspection = false })
	res = off.post(mediaGraphQLResponse, testutil.IntrospectionQuery, nil)
	if res.status != 400 || res.code() != CodeIntrospection {
		t.Errorf("introspection off: %.300s", res.raw)
	}
	if res := off.query(`{ stats { __typename nodes } }`); res.status != 200 {
		t.Errorf("__typename with introspection off: %s", res.raw)
	}
}

// TestChineseComments covers a graphql-go v0.8.1 lexer bug worked around
// in prepare: non-ASCII comments after non-ASCII text.
func TestChineseComments(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	d := ts.ok("# 株洲市的提案 (proposals)\n{ cities(where: {name: {eq: \"株洲市\"}}) { # 城市\n nodes { name } } } # 完")
	if at(d, "cities", "nodes", 0, "name") != "株洲市" {
		t.Errorf("got %v", d)
	}
	res := ts.query("# 注释\n{ stats { nodez } }")
	if res.code() != CodeValidationFailed {
		t.Errorf("error after a comment: %s", res.raw)
	}
	// Comments are blanked in what the parser reads; strings and block
	// strings are not.
	if got, _ := prepare("{ a(s: \"# 株\") } # 洲\n\"\"\"块 # 洲\"\"\"", DefaultLimits, false); string(got) != "{ a(s: \"# 株\") }       \"\"\"块 # 洲\"\"\"" {
		t.Errorf("parse body = %q", got)
	}
}

// failing is a store whose reads fail like a driver would.
type failing struct{ graph.Store }

var errDriver = errors.New(`neo4j: Neo.ClientError.Statement.SyntaxError: Invalid input 'MATCH (n:Official) WHERE n.secret = $p'`)

func (failing) Expand(context.Context, graph.ExpandQuery) (graph.Subgraph, error) {
	return graph.Subgraph{}, fmt.Errorf("expand: %w", errDriver)
}

func (failing) FindNodes(context.Context, graph.NodeQuery) (graph.NodePage, error) {
	return graph.NodePage{}, fmt.Errorf("find: %w", errDriver)
}

func TestInternalErrorsMasked(t *testing.T) {
	ts := newServer(t, failing{mustLoaded(t)})
	for _, q := range []string{`{ officials { totalCount } }`, `{ node(id: "official:黎婷") { ... on Official { proposals { totalCount } } } }`} {
		res := ts.query(q)
		if res.status != 200 || len(res.Errors) != 1 || res.code() != CodeInternal {
			t.Fatalf("%s: %s", q, res.raw)
		}
		rid := res.header.Get("X-Request-Id")
		if strings.Contains(res.raw, "MATCH") || strings.Contains(res.raw, "neo4j") || !strings.Contains(res.Errors[0].Message, rid) ||
			res.Errors[0].Extensions["requestId"] != rid {
			t.Errorf("leaked or unlabelled: %s", res.raw)
		}
		if !strings.Contains(ts.logs.String(), rid) || !strings.Contains(ts.logs.String(), "MATCH (n:Official)") {
			t.Errorf("internal error not logged with its request id: %s", ts.logs.String())
		}
	}
}

// slow blocks every read until its context ends, like a stuck database
// that honours deadlines.
type slow struct{ graph.Store }

func (slow) FindNodes(ctx context.Context, _ graph.NodeQuery) (graph.NodePage, error) {
	<-ctx.Done()
	return graph.NodePage{}, fmt.Errorf("find: %w", ctx.Err())
}

func TestTimeout(t *testing.T) {
	ts := newServer(t, slow{mustLoaded(t)}, func(c *Config) { c.Limits.Timeout = 50 * time.Millisecond })
	start := time.Now()
	res := ts.query(`{ officials { totalCount } }`)
	if time.Since(start) > 2*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	if res.status != 200 || res.code() != CodeTimeout || !strings.Contains(res.Errors[0].Message, "50ms") {
		t.Errorf("timeout: %s", res.raw)
	}
}

// TestRoundTrips proves the batching: a depth-3 query over all cities costs
// one store call per nesting level, however many parents each level has.
func TestRoundTrips(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		tests := []struct {
			name   string
			query  string
			levels int
			tree   int // round trips on a store that reads trees at once (Neo4j)
		}{
			{"cities → organizations → officials → proposals → targets, and officials → proposals beside", `{ cities(first: 10) { nodes { name
				officials(first: 10) { nodes { name proposals(first: 10) { nodes { name } } } }
				organizations(first: 10) { nodes { name officials(first: 5) { nodes { name proposals(first: 5) { nodes { targets(first: 5) { nodes { name } } } } } } } } } } }`, 5, 1},
			{"depth 3 with positions, goals, evidence and sorting at one level", `{ officials(sort: [{name: DESC}]) { nodes { name
				positions { title } goals(sort: [{name: ASC}]) { nodes { name parts { nodes { name } } } }
				proposals(where: {name: {contains: "建"}}) { nodes { targets { nodes { name } } } }
				evidence(first: 2) { sentence } } } }`, 3, 2}, // evidence reads every relationship: no level below it is read ahead
			{"evidence documents are one more batched level", `{ proposals { nodes { targets { edges { evidence { document { title } } } } } } }`, 3, 2},
			{"a node by id, two levels", `{ node(id: "official:黎婷") { ... on Official { proposals { nodes { name targets { nodes { name } } } } } } }`, 3, 1},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				before := ts.store.n.Load()
				ts.ok(tc.query)
				// One FindNodes for the root list, then one call per level,
				// however many parents the level has (5 cities, 4 bodies, ...).
				want := tc.levels
				if graph.NativeTree(ts.store) {
					want = tc.tree
				}
				if n := int(ts.store.n.Load() - before); n != want {
					t.Errorf("%d store round trips for %d levels, want %d", n, tc.levels, want)
				}
			})
		}
	})
}

func TestMetrics(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	reg := prometheus.NewRegistry()
	for _, c := range ts.h.Collectors() {
		if err := reg.Register(c); err != nil {
			t.Fatal(err)
		}
	}
	ts.ok(`query Cities { cities { nodes { children { totalCount } } } }`)
	ts.query(`{ nope }`)
	// Errors with 200: found during execution, and a limit with the JSON
	// media type (refused before the operation is read: anonymous).
	if res := ts.query(`query NotFound { neighborhood(id: "official:nobody") { nodes { id } } }`); res.status != 200 || len(res.Errors) == 0 {
		t.Fatalf("neighborhood of nobody: %d %s", res.status, res.raw)
	}
	if res := ts.post(mediaJSON, `query BadInput { officials(first: 1000) { totalCount } }`, nil); res.status != 200 || len(res.Errors) == 0 {
		t.Fatalf("first: 1000: %d %s", res.status, res.raw)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			key := mf.GetName()
			for _, l := range m.GetLabel() {
				key += "," + l.GetName() + "=" + l.GetValue()
			}
			switch {
			case m.Counter != nil:
				found[key] = m.Counter.GetValue()
			case m.Histogram != nil:
				found[key] = float64(m.Histogram.GetSampleCount())
			case m.Gauge != nil:
				found[key] = m.Gauge.GetValue()
			}
		}
	}
	for k, want := range map[string]float64{
		"policygraph_graphql_requests_total,operation=Cities,outcome=ok,status=200":                           1,
		"policygraph_graphql_requests_total,operation=anonymous,outcome=GRAPHQL_VALIDATION_FAILED,status=400": 1,
		"policygraph_graphql_requests_total,operation=NotFound,outcome=NOT_FOUND,status=200":                  1,
		"policygraph_graphql_requests_total,operation=anonymous,outcome=ARGUMENT_LIMIT_EXCEEDED,status=200":   1,
		"policygraph_graphql_request_duration_seconds,operation=Cities":                                       1,
		"policygraph_store_round_trips_total,method=FindNodes,outcome=ok":                                     1,
		"policygraph_store_round_trips_total,method=Expand,outcome=ok":                                        1,
		"policygraph_graphql_store_round_trips_per_request":                                                   4, // a sample per request
		"policygraph_store_round_trip_duration_seconds,method=Expand":                                         1,
	} {
		if found[k] != want {
			t.Errorf("%s = %v, want %v", k, found[k], want)
		}
	}
	// The graph's size, every label and type, from the store's own count.
	st, err := ts.h.cfg.Store.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range graph.Labels {
		if k := "policygraph_graph_nodes,label=" + string(l); found[k] != float64(st.Nodes[l]) {
			t.Errorf("%s = %v, want %d", k, found[k], st.Nodes[l])
		}
	}
	for _, rt := range graph.RelTypes {
		if k := "policygraph_graph_relationships,type=" + string(rt); found[k] != float64(st.Relationships[rt]) {
			t.Errorf("%s = %v, want %d", k, found[k], st.Relationships[rt])
		}
	}
	if st.Nodes[graph.Official] == 0 || st.Relationships[graph.Mentions] == 0 {
		t.Errorf("fixture is empty: %v", st)
	}
	var info int
	for k, v := range found {
		if strings.HasPrefix(k, "policygraph_build_info,") && v == 1 && strings.Contains(k, ",goversion=go") && strings.Contains(k, ",revision=") && strings.Contains(k, ",version=") {
			info++
		}
	}
	if info != 1 {
		t.Errorf("policygraph_build_info: %d series with goversion, revision and version", info)
	}
}

func TestGraphiQL(t *testing.T) {
	h := GraphiQL()
	get := func(target, enc string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodGet, target, nil)
		if enc != "" {
			r.Header.Set("Accept-Encoding", enc)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	page := get("/graphiql", "")
	body := page.Body.String()
	if page.Code != 200 || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") || !strings.Contains(body, "graphiql?asset=graphiql.min.js") {
		t.Fatalf("page: %d %s", page.Code, body)
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") || strings.Contains(body, "//unpkg") {
		t.Error("the page loads something from outside the binary")
	}
	for _, a := range []string{"react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.min.css", "init.js"} {
		w := get("/graphiql?asset="+a, "gzip")
		if w.Code != 200 || w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() < 100 {
			t.Errorf("%s: %d %q %d bytes", a, w.Code, w.Header().Get("Content-Encoding"), w.Body.Len())
		}
	}
	if w := get("/graphiql/init.js", ""); w.Code != 200 || !strings.Contains(w.Body.String(), "createFetcher") {
		t.Errorf("asset by path: %d", w.Code)
	}
	if w := get("/graphiql?asset=../go.mod", ""); w.Code != 404 {
		t.Errorf("unknown asset: %d", w.Code)
	}
	raw, _ := io.ReadAll(get("/graphiql?asset=graphiql.min.js", "").Body)
	if len(raw) < 500_000 {
		t.Errorf("graphiql.min.js is %d bytes", len(raw))
	}
}

// An error without a place in the query has no "locations" key (the spec
// says to omit it; graphql-go writes null); one with a place keeps it.
func TestErrorLocationsOmitted(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	for _, c := range []struct {
		name, accept, query string
		wantLocations       bool
	}{
		{"limit, JSON", mediaJSON, `{ officials(first: 1000) { totalCount } }`, false},
		{"limit", mediaGraphQLResponse, `{ officials(first: 1000) { totalCount } }`, false},
		{"execution", mediaGraphQLResponse, `{ neighborhood(id: "official:nobody") { nodes { id } } }`, true},
		{"validation", mediaGraphQLResponse, `{ nope }`, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := ts.post(c.accept, c.query, nil)
			if len(res.Errors) == 0 {
				t.Fatalf("no error: %s", res.raw)
			}
			if strings.Contains(res.raw, `"locations":null`) || strings.Contains(res.raw, `"locations":[]`) {
				t.Errorf("empty locations written: %s", res.raw)
			}
			if got := strings.Contains(res.raw, `"locations":[{`); got != c.wantLocations {
				t.Errorf("locations present %v, want %v: %s", got, c.wantLocations, res.raw)
			}
		})
	}
}

// TestGraphiQLExampleTabs: the GraphiQL page opens a tab for every
// example of schema/examples, in name order: the page loads examples.js
// before init.js, examples.js lists each file's query exactly, and init.js
// hands them to GraphiQL as defaultTabs.
func TestGraphiQLExampleTabs(t *testing.T) {
	h := GraphiQL()
	get := func(target string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
		return w
	}
	page := get("/graphiql").Body.String()
	ex, in := strings.Index(page, `src="graphiql?asset=examples.js"`), strings.Index(page, `src="graphiql?asset=init.js"`)
	if ex < 0 || in < 0 || ex > in {
		t.Fatalf("the page does not load examples.js before init.js:\n%s", page)
	}
	w := get("/graphiql?asset=examples.js")
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") {
		t.Fatalf("examples.js: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
	script := w.Body.String()
	const prefix = "window.policygraphExamples = "
	i := strings.Index(script, prefix)
	if i < 0 || !strings.HasSuffix(script, ";\n") {
		t.Fatalf("examples.js does not set window.policygraphExamples:\n%.300s", script)
	}
	var tabs []struct{ Name, Query string }
	if err := json.Unmarshal([]byte(strings.TrimSuffix(script[i+len(prefix):], ";\n")), &tabs); err != nil {
		t.Fatalf("examples.js: %v", err)
	}
	files, err := filepath.Glob("examples/*.graphql")
	if err != nil || len(files) < 8 {
		t.Fatalf("examples: %v %v", files, err)
	}
	sort.Strings(files)
	if len(tabs) != len(files) {
		t.Fatalf("%d tabs for %d examples", len(tabs), len(files))
	}
	for k, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		if tabs[k].Name != name || tabs[k].Query != string(want) {
			t.Errorf("tab %d is %q, want %s with its text as committed", k, tabs[k].Name, name)
		}
	}
	initJS := get("/graphiql?asset=init.js").Body.String()
	for _, s := range []string{"window.policygraphExamples", "defaultTabs: "} {
		if !strings.Contains(initJS, s) {
			t.Errorf("init.js lacks %q", s)
		}
	}
}
