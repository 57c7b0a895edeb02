package schema

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/graphql-go/graphql/language/ast"
)

// utf8BOM starts every CSV: without it Excel reads UTF-8 as the local
// code page and Chinese comes out garbled.
const utf8BOM = "\ufeff"

// CSV serves GET /graphql.csv?query=…&variables=…: the query runs through
// this handler exactly as a GET /graphql does (the same size, depth,
// complexity and argument limits, timeout, and no mutations over GET), and
// the first list in the answer becomes a table. A request the GraphQL
// handler refuses, or an answer with errors, is sent as the GraphQL
// handler's JSON errors with a 4xx status, never as half a CSV.
func (h *Handler) CSV() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", "GET")
			h.fail(w, mediaJSON, http.StatusMethodNotAllowed, "", formatted(CodeMethodNotAllowed, "use GET /graphql.csv?query=…"))
			return
		}
		// The inner request asks for the GraphQL response media type, so
		// request errors come back 4xx, and is served by ServeHTTP itself:
		// logs, metrics and every guard included.
		inner := r.Clone(r.Context())
		inner.Header.Set("Accept", mediaGraphQLResponse)
		rec := &bufferedWriter{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, inner)

		var answer struct {
			Data   map[string]interface{} `json:"data"`
			Errors json.RawMessage        `json:"errors"`
		}
		dec := json.NewDecoder(bytes.NewReader(rec.body.Bytes()))
		dec.UseNumber()
		decErr := dec.Decode(&answer)
		if rec.status != http.StatusOK || decErr != nil || len(answer.Errors) > 0 {
			status := rec.status
			if status == http.StatusOK {
				status = http.StatusBadRequest // errors beside data: not a table
			}
			for _, k := range []string{"Allow", "Retry-After", "WWW-Authenticate", "X-Request-Id"} {
				if v := rec.header.Get(k); v != "" {
					w.Header().Set(k, v)
				}
			}
			w.Header().Set("Content-Type", mediaJSON+"; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(status)
			if rec.status == http.StatusOK && decErr == nil {
				// Errors beside (partial) data: the errors alone, no table.
				_, _ = w.Write(append([]byte(`{"errors":`), append(answer.Errors, '}', '\n')...))
				return
			}
			_, _ = w.Write(rec.body.Bytes())
			return
		}
		// The answer is valid, so the document is in the cache.
		q := r.URL.Query()
		trusted := h.cfg.MutationToken != "" && h.authorized(r)
		doc, _ := h.document(q.Get("query"), trusted)
		var op *ast.OperationDefinition
		if doc != nil {
			op, _ = selectOperation(doc, q.Get("operationName"))
		}
		if op == nil {
			h.fail(w, mediaJSON, http.StatusBadRequest, "", formatted(CodeBadRequest, "the query could not be read again"))
			return
		}
		var rows []string
		if v := q.Get("rows"); v != "" {
			rows = strings.Split(v, ".")
		}
		t, ok := Flatten(doc, op, answer.Data, rows)
		if !ok && rows != nil {
			h.fail(w, mediaJSON, http.StatusBadRequest, "", formatted(CodeBadRequest, fmt.Sprintf(
				"rows=%s names no list in the answer: give the response keys from the root, dot-separated, through a list (crossReference.groups.items)", q.Get("rows"))))
			return
		}
		if !ok {
			h.fail(w, mediaJSON, http.StatusBadRequest, "", formatted(CodeBadRequest,
				"the answer has no list to make a table of: select a list (a connection's nodes or edges, or a list field)"))
			return
		}
		var buf bytes.Buffer
		buf.WriteString(utf8BOM)
		cw := csv.NewWriter(&buf)
		cw.UseCRLF = true // RFC 4180
		_ = cw.Write(t.Columns)
		_ = cw.WriteAll(t.Rows)
		w.Header().Set("X-Request-Id", rec.header.Get("X-Request-Id"))
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, t.Name))
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(buf.Bytes())
	})
}

// bufferedWriter holds a response so the CSV handler can look at it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (b *bufferedWriter) Header() http.Header { return b.header }
func (b *bufferedWriter) WriteHeader(s int) {
	if !b.wrote {
		b.status, b.wrote = s, true
	}
}
func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.wrote = true
	return b.body.Write(p)
}

// Table is a list from a GraphQL answer as rows of text.
type Table struct {
	Name    string // the list's path, for the file name (officials.nodes → officials)
	Columns []string
	Rows    [][]string
}

// Flatten finds the first list of objects in data, in the operation's
// selection order, depth first, and makes a table of it: one row per item,
// one column per scalar leaf path in selection order (nested objects as
// dotted paths, positions.title). A leaf under a list of scalars or of
// objects joins its values with "; ". For a connection's edges each row is
// an edge and the node's fields lose their "node." prefix (unless that
// would clash with the edge's own). ok is false when the answer has no list.
//
// rows, when not nil, names the list whose items are the rows instead: the
// response keys from the root, through the first list on the way and on
// to a list under its items (crossReference.groups.items). Each item of
// the inner list is a row of its own, beside its outer item's leaves
// (city.name, date, items.name…); an outer item with none is one row
// with the inner columns empty.
func Flatten(doc *ast.Document, op *ast.OperationDefinition, data map[string]interface{}, rows []string) (t Table, ok bool) {
	fl := flattener{fragments: map[string]*ast.FragmentDefinition{}}
	for _, d := range doc.Definitions {
		if f, ok := d.(*ast.FragmentDefinition); ok && f.Name != nil {
			fl.fragments[f.Name.Value] = f
		}
	}
	var ss *ast.SelectionSet
	var items []interface{}
	var path []string
	if rows == nil {
		ss, items, path, ok = fl.findList(op.SelectionSet, data, nil)
	} else {
		var rest []string
		ss, items, path, rest, ok = fl.followList(op.SelectionSet, data, rows)
		if ok && len(rest) > 0 {
			var expanded []interface{}
			for _, it := range items {
				expanded = append(expanded, unwind(it, rest)...)
			}
			items = expanded
			path = rows
		}
	}
	if !ok {
		return Table{}, false
	}
	var cols [][]string
	fl.leaves(ss, nil, &cols, map[string]bool{})
	t.Name = tableName(path)
	headers := make([]string, len(cols))
	for i, c := range cols {
		headers[i] = strings.Join(c, ".")
	}
	if path[len(path)-1] == "edges" {
		stripped := make([]string, len(cols))
		seen := map[string]bool{}
		clash := false
		for i, c := range cols {
			s := headers[i]
			if len(c) > 1 && c[0] == "node" {
				s = strings.Join(c[1:], ".")
			}
			clash = clash || seen[s]
			seen[s], stripped[i] = true, s
		}
		if !clash {
			headers = stripped
		}
	}
	t.Columns = headers
	t.Rows = [][]string{}
	for _, it := range items {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = strings.Join(collect(it, c), "; ")
		}
		t.Rows = append(t.Rows, row)
	}
	return t, true
}

type flattener struct {
	fragments map[string]*ast.FragmentDefinition
}

// fields is a selection set's fields in order, fragments spread in place.
func (fl *flattener) fields(ss *ast.SelectionSet, visiting map[string]bool) []*ast.Field {
	if ss == nil {
		return nil
	}
	var out []*ast.Field
	for _, sel := range ss.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = append(out, fl.fields(s.SelectionSet, visiting)...)
		case *ast.FragmentSpread:
			if s.Name == nil || visiting[s.Name.Value] {
				continue
			}
			if f := fl.fragments[s.Name.Value]; f != nil {
				visiting[s.Name.Value] = true
				out = append(out, fl.fields(f.SelectionSet, visiting)...)
				delete(visiting, s.Name.Value)
			}
		}
	}
	return out
}

func responseKey(f *ast.Field) string {
	if f.Alias != nil && f.Alias.Value != "" {
		return f.Alias.Value
	}
	return f.Name.Value
}

// findList walks data along the selections, depth first, to the first
// list of objects.
func (fl *flattener) findList(ss *ast.SelectionSet, data map[string]interface{}, path []string) (*ast.SelectionSet, []interface{}, []string, bool) {
	for _, f := range fl.fields(ss, map[string]bool{}) {
		if f.SelectionSet == nil {
			continue
		}
		key := responseKey(f)
		p := append(append([]string{}, path...), key)
		switch v := data[key].(type) {
		case []interface{}:
			return f.SelectionSet, v, p, true
		case map[string]interface{}:
			if s, items, lp, ok := fl.findList(f.SelectionSet, v, p); ok {
				return s, items, lp, true
			}
		}
	}
	return nil, nil, nil, false
}

// followList walks data along the response keys of rows to the first list
// on the way, and returns the keys after it.
func (fl *flattener) followList(ss *ast.SelectionSet, data map[string]interface{}, rows []string) (*ast.SelectionSet, []interface{}, []string, []string, bool) {
	for i, key := range rows {
		var f *ast.Field
		for _, g := range fl.fields(ss, map[string]bool{}) {
			if responseKey(g) == key && g.SelectionSet != nil {
				f = g
				break
			}
		}
		if f == nil {
			return nil, nil, nil, nil, false
		}
		switch v := data[key].(type) {
		case []interface{}:
			return f.SelectionSet, v, rows[:i+1], rows[i+1:], true
		case map[string]interface{}:
			ss, data = f.SelectionSet, v
		default:
			return nil, nil, nil, nil, false
		}
	}
	return nil, nil, nil, nil, false
}

// unwind is item once per item of the list at path under it, each copy
// holding that one item where the list was (objects on the way copied
// too); an empty or missing list leaves one copy with nothing there.
func unwind(item interface{}, path []string) []interface{} {
	m, ok := item.(map[string]interface{})
	if !ok || len(path) == 0 {
		return []interface{}{item}
	}
	with := func(v interface{}) interface{} {
		c := make(map[string]interface{}, len(m))
		for k, x := range m {
			c[k] = x
		}
		c[path[0]] = v
		return c
	}
	var out []interface{}
	switch v := m[path[0]].(type) {
	case []interface{}:
		for _, el := range v {
			for _, u := range unwind(el, path[1:]) {
				out = append(out, with(u))
			}
		}
	case map[string]interface{}:
		for _, u := range unwind(v, path[1:]) {
			out = append(out, with(u))
		}
	}
	if len(out) == 0 {
		return []interface{}{with(nil)}
	}
	return out
}

// leaves appends the scalar leaf paths under ss, in selection order, each
// once.
func (fl *flattener) leaves(ss *ast.SelectionSet, prefix []string, out *[][]string, seen map[string]bool) {
	for _, f := range fl.fields(ss, map[string]bool{}) {
		p := append(append([]string{}, prefix...), responseKey(f))
		if f.SelectionSet != nil {
			fl.leaves(f.SelectionSet, p, out, seen)
			continue
		}
		k := strings.Join(p, "\x00")
		if !seen[k] {
			seen[k] = true
			*out = append(*out, p)
		}
	}
}

// collect is the text of every value at path under v: a list on the way
// contributes each of its items, a null leaf (or a null object on the way)
// an empty string, so the leaves of one list of objects stay aligned.
func collect(v interface{}, path []string) []string {
	switch x := v.(type) {
	case []interface{}:
		var out []string
		for _, it := range x {
			out = append(out, collect(it, path)...)
		}
		return out
	case map[string]interface{}:
		if len(path) == 0 {
			b, _ := json.Marshal(x) // a JSON scalar (properties)
			return []string{string(b)}
		}
		return collect(x[path[0]], path[1:])
	case nil:
		return []string{""}
	}
	if len(path) > 0 {
		return []string{""}
	}
	return []string{scalarText(v)}
}

func scalarText(v interface{}) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		if x {
			return "true"
		}
		return "false"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// tableName names the file after the list's path: its first field, and
// the rest unless it is connection plumbing.
func tableName(path []string) string {
	var parts []string
	for i, p := range path {
		if i > 0 && (p == "nodes" || p == "edges") {
			continue
		}
		parts = append(parts, p)
	}
	name := strings.Join(parts, "-")
	var b strings.Builder
	for _, r := range name {
		if r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "policygraph"
	}
	return b.String()
}
