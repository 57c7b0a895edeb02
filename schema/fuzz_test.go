package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/queries/querytest"
)

// FuzzHandler sends the handler documents that are either the input as it
// is (first byte even) or generated from it (odd): fragments that spread
// one another (cycles included), fragments on wrong or unknown types,
// aliases, arguments, variables, directives, inline fragments and spreads
// of missing fragments, nested up to eight deep. Whatever comes in, the
// handler must answer with JSON and a 200 or 400, never a 500 (a panic
// before execution); a refused request must not have touched the store;
// every error must carry a code; and the same request must get the same
// answer again (the second time from the document cache).
//
// The seeds run with every `go test`; scripts/test.sh fuzzes for 30 s:
//
//	go test -run '^$' -fuzz '^FuzzHandler$' -fuzztime 30s ./schema
func FuzzHandler(f *testing.F) {
	for _, tc := range abusiveRequests() {
		if tc.vars == nil && len(tc.query) < 4<<10 {
			f.Add(append([]byte{0}, tc.query...))
		}
	}
	examples, _ := filepath.Glob("examples/*.graphql")
	for _, file := range examples {
		if q, err := os.ReadFile(file); err == nil {
			f.Add(append([]byte{0}, q...))
		}
	}
	for _, program := range []string{
		"\x01", "\x01\x02\x00\x06\x00", "\x01\x03\x01\x07\x01\x07\x02\x06\x00\x06\x00",
		"\x01\x00\x00\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09", "\x01\xff\xfe\xfd\xfc\xfb\xfa",
		"\x01\x02\x02\x08\x08\x00\x00\x04\x01\x00\x03",
	} {
		f.Add([]byte(program))
	}

	store := memstore.New()
	if err := querytest.Load(context.Background(), store); err != nil {
		f.Fatal(err)
	}
	calls := count(store)
	h, err := NewHandler(Config{Store: calls, Introspection: true, Logger: zerolog.Nop()})
	if err != nil {
		f.Fatal(err)
	}
	serve := func(t *testing.T, query string) (int, []byte) {
		body, _ := json.Marshal(map[string]interface{}{"query": query})
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", mediaGraphQLResponse)
		r.Header.Set("X-Request-Id", "fuzz") // the same request, the same answer
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code, w.Body.Bytes()
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		query := string(data[1:])
		if data[0]%2 == 1 {
			query = generate(data[1:])
		}
		before := calls.n.Load()
		status, body := serve(t, query)
		var res struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Extensions map[string]interface{} `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(body, &res); err != nil {
			t.Fatalf("not JSON (%d): %v\n%.500s\nquery: %.500q", status, err, body, query)
		}
		if status != http.StatusOK && status != http.StatusBadRequest {
			t.Fatalf("status %d: %.500s\nquery: %.500q", status, body, query)
		}
		if (len(res.Data) == 0 || string(res.Data) == "null") && status == http.StatusBadRequest && calls.n.Load() != before {
			t.Fatalf("refused after %d store calls: %.300s\nquery: %.500q", calls.n.Load()-before, body, query)
		}
		for _, e := range res.Errors {
			if c, _ := e.Extensions["code"].(string); c == "" {
				t.Fatalf("an error without a code: %.500s\nquery: %.500q", body, query)
			}
		}
		if status2, body2 := serve(t, query); status2 != status || !bytes.Equal(body2, body) {
			t.Fatalf("asked twice, answered differently:\n%d %.300s\n%d %.300s\nquery: %.500q", status, body, status2, body2, query)
		}
	})
}

// generate builds a GraphQL document from a program: each byte chooses
// the next construct. Names come from the schema, mostly, so that many
// documents get past validation.
func generate(program []byte) string {
	g := &generator{program: program}
	g.frags = int(g.next() % 5)
	switch g.next() % 6 {
	case 1:
		g.WriteString("query Q ")
	case 2:
		g.WriteString("query Q($n: Int = 2, $s: String = \"株洲\", $b: Boolean = true, $w: OfficialWhere, $id: ID!) ")
	case 3:
		g.WriteString("mutation ")
	case 4:
		g.WriteString("subscription S ")
	}
	g.selections(0)
	for i := 0; i < g.frags; i++ {
		fmt.Fprintf(g, "\nfragment F%d on %s ", i, g.pick(fragmentTypes))
		g.selections(1)
	}
	return g.String()
}

type generator struct {
	strings.Builder
	program []byte
	at      int
	frags   int
}

func (g *generator) next() byte {
	if g.at >= len(g.program) {
		return 0
	}
	b := g.program[g.at]
	g.at++
	return b
}

func (g *generator) pick(list []string) string { return list[int(g.next())%len(list)] }

var (
	fragmentTypes = []string{"Query", "Official", "City", "Node", "Stats", "OfficialConnection", "Proposal", "Nope"}
	fieldNames    = []string{"stats", "nodes", "officials", "proposals", "proposers", "name", "id", "node", "search", "neighborhood",
		"totalCount", "edges", "node", "cursor", "cities", "documents", "snippet", "__typename", "__schema", "types", "kind", "evidence",
		"sentence", "pageInfo", "hasNextPage", "labels", "count", "crossReference", "groups", "shortestPath", "nope"}
	arguments = []string{"(first: 2)", "(first: $n)", "(first: 1000)", `(id: "city:430200")`, "(id: $id)", `(query: "株洲")`, "(query: $s)",
		`(where: {name: {eq: "黎婷"}})`, "(where: $w)", `(where: {OR: [{name: {eq: "a"}}, {name: {startsWith: "黎"}}]})`,
		"(limit: 1000)", `(ids: ["city:430200", "official:黎婷"])`, `(topic: "硬质材料")`, `(from: "city:430200", to: "city:430100")`,
		"(depth: 2)", "(nope: 1)", `(first: "x")`}
	directives = []string{"@include(if: true)", "@skip(if: $b)", "@include(if: false)", "@deprecated", "@nope", "@skip(if: true) @skip(if: false)"}
)

// selections writes a selection set; deeper sets get fewer and smaller
// selections so that documents stay small.
func (g *generator) selections(depth int) {
	g.WriteString("{")
	n := 1 + int(g.next()%4)
	for i := 0; i < n; i++ {
		g.WriteString(" ")
		op := g.next() % 10
		if depth >= 8 {
			op = 9
		}
		switch {
		case op <= 5:
			if g.next()%4 == 0 {
				fmt.Fprintf(g, "a%d: ", g.next()%4)
			}
			g.WriteString(g.pick(fieldNames))
			if g.next()%3 == 0 {
				g.WriteString(g.pick(arguments))
			}
			if g.next()%5 == 0 {
				g.WriteString(" " + g.pick(directives))
			}
			if g.next()%2 == 0 {
				g.WriteString(" ")
				g.selections(depth + 1)
			}
		case op <= 7:
			fmt.Fprintf(g, "...F%d", int(g.next())%max(g.frags, 1))
			if g.next()%6 == 0 {
				g.WriteString(" " + g.pick(directives))
			}
		case op == 8:
			g.WriteString("...")
			if g.next()%3 != 0 {
				g.WriteString(" on " + g.pick(fragmentTypes))
			}
			if g.next()%4 == 0 {
				g.WriteString(" " + g.pick(directives))
			}
			g.WriteString(" ")
			g.selections(depth + 1)
		default:
			g.WriteString("__typename")
		}
	}
	g.WriteString(" }")
}
