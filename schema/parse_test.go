package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/parser"
	"github.com/graphql-go/graphql/language/source"
)

// oldErrors is what the handler answered before it rewrote the parse body:
// graphql-go's own parse and validation of the text as sent.
func oldErrors(t *testing.T, h *Handler, q string) []gqlerrors.FormattedError {
	t.Helper()
	doc, err := parser.Parse(parser.ParseParams{Source: source.NewSource(&source.Source{Body: []byte(q), Name: "GraphQL request"})})
	if err != nil {
		return []gqlerrors.FormattedError{gqlerrors.FormatError(err)}
	}
	return graphql.ValidateDocument(&h.schema, doc, graphql.SpecifiedRules).Errors
}

// TestErrorsAsBefore: syntax and validation errors keep graphql-go's
// messages, lines and columns although the parser reads a rewritten body,
// errors are located afterwards and validation stops at the first one;
// and errors that used to cost seconds
// in a large query (one regular expression per error over the whole body,
// a quadratic caret line) are answered.
func TestErrorsAsBefore(t *testing.T) {
	ts := newServer(t, mustLoaded(t))
	for _, q := range []string{
		"{ stats { nodes }",
		"{ stats { nodes } ]",
		"{\n  stats {\n    nodez\n  }\n}",
		"query Q($a: Int) {\r\n  officials(first: $b) { totalCount }\r\n  nope\n}\n\n",
		"{ search(query: \"株洲\") { snippet } } x",
		"{ search(query: \"株洲\\u00\") { snippet } }",
		"{ search(query: \"unterminated) { snippet } }",
		"\n\n\t{ a, b, , c }\n",
		"fragment F on Official { name } { officials { nodes { ...F ...G } } }",
		"{ stats { nodes } } # trailing comment\n{",
		"\"\"\"block\nstring\"\"\" { stats }",
		"{ officials(where: {name: {eq: 1}}) { totalCount } }",
		"query { stats { nodes } } query { stats { nodes } }",
		"{ node(id: \"x\") { ... on Nope { id } } }",
		"{ stats { nodes(x: 1) } }\u0007",
	} {
		// Validation stops at the first error (firstErrorOnly).
		want := oldErrors(t, ts.h, q)
		doc, got := ts.h.document(q, false)
		if len(want) == 0 || doc != nil || len(got) != 1 {
			t.Errorf("%q: %d errors, want the first of %d: %v", q, len(got), len(want), got)
			continue
		}
		if got[0].Message != want[0].Message || fmt.Sprint(got[0].Locations) != fmt.Sprint(want[0].Locations) {
			t.Errorf("%q: got %q at %v\nwant %q at %v", q, got[0].Message, got[0].Locations, want[0].Message, want[0].Locations)
		}
	}

	// A syntax error a long way into a line: the mutation token's bearer
	// may send one (an inlined report).
	var tsTok *testServer
	tsTok = newServer(t, mustLoaded(t), withToken(&tsTok))
	q := `mutation { ingestDocument(text: "` + strings.Repeat("株", 300_000) + `", source: "a.txt") { documentId } ]`
	body, _ := json.Marshal(map[string]interface{}{"query": q})
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Accept", mediaGraphQLResponse)
	r.Header.Set("Authorization", "Bearer s3cret")
	res := tsTok.do(r)
	if res.status != http.StatusBadRequest || res.code() != CodeParseFailed || !strings.Contains(res.Errors[0].Message, "(1:900069) Expected Name, found ]") {
		t.Errorf("syntax error at column 900,069: %d %.200s", res.status, res.raw)
	}
	// 400 unknown fields after 30,000 line breaks: the first is reported,
	// where it is.
	var b strings.Builder
	b.WriteString(strings.Repeat("\n", 30_000) + "{")
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, " f%d", i)
	}
	b.WriteString(" }")
	res = ts.query(b.String())
	if res.status != http.StatusBadRequest || len(res.Errors) != 1 || !strings.Contains(res.raw, `"line":30001,"column":3}`) {
		t.Errorf("400 errors in a long query: %d, %d errors %.300s", res.status, len(res.Errors), res.raw)
	}
}
