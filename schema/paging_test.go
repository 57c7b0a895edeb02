package schema

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// relayPage is the Relay specification's pagination algorithm on a list
// of n items, written out plainly as the reference the API must match:
// the indexes of the page, after (-1: none) and before (-1: none) being
// cursor offsets, first and last -1 when not given.
func relayPage(n, after, before, first, last int) []int {
	var edges []int
	for i := 0; i < n; i++ {
		if (after < 0 || i > after) && (before < 0 || i < before) {
			edges = append(edges, i)
		}
	}
	if first >= 0 && len(edges) > first {
		edges = edges[:first]
	}
	if last >= 0 && len(edges) > last {
		edges = edges[len(edges)-last:]
	}
	return edges
}

// TestBackwardPagination: last and before page from the end in the same
// order as first and after, on root and nested connections, with
// hasPreviousPage and hasNextPage telling whether anything lies before
// and after the page; every combination of cursors and sizes agrees with
// the specification's algorithm.
func TestBackwardPagination(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		ts := newServer(t, s)
		all := []string{"何翌滔", "张明", "王清华", "石纪虎", "蒋长富", "黎婷", "龙云铸"}

		// Walk backwards from the end, three at a time.
		const q = `query($before: String) { officials(last: 3, before: $before, sort: [{name: ASC}]) {
			totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }`
		var pages [][]string
		var before interface{}
		for page := 0; page < 5; page++ {
			res := ts.post(mediaGraphQLResponse, q, map[string]interface{}{"before": before})
			if len(res.Errors) > 0 {
				t.Fatal(res.raw)
			}
			c := at(res.Data, "officials")
			edges, _ := at(c, "edges").([]interface{})
			var names []string
			for _, e := range edges {
				names = append(names, at(e, "node", "name").(string))
			}
			pages = append(pages, names)
			if at(c, "pageInfo", "hasNextPage") != (page > 0) {
				t.Errorf("page %d from the end: hasNextPage = %v", page, at(c, "pageInfo", "hasNextPage"))
			}
			if at(c, "pageInfo", "startCursor") != at(edges[0], "cursor") {
				t.Errorf("startCursor is not the first edge's cursor")
			}
			if at(c, "pageInfo", "hasPreviousPage") == false {
				break
			}
			before = at(c, "pageInfo", "startCursor")
		}
		want := [][]string{all[4:], all[1:4], all[:1]}
		if !reflect.DeepEqual(pages, want) {
			t.Errorf("pages from the end = %v, want %v", pages, want)
		}

		// A cursor from a forward page serves a backward one and back.
		d := ts.ok(`{ officials(first: 4, sort: [{name: ASC}]) { edges { cursor } } }`)
		c3, _ := at(d, "officials", "edges", 3, "cursor").(string)
		d = ts.ok(fmt.Sprintf(`{ officials(last: 2, before: %q, sort: [{name: ASC}]) { nodes { name } pageInfo { hasPreviousPage hasNextPage } } }`, c3))
		if got := pluck(at(d, "officials", "nodes"), "name"); !reflect.DeepEqual(got, all[1:3]) ||
			at(d, "officials", "pageInfo", "hasPreviousPage") != true || at(d, "officials", "pageInfo", "hasNextPage") != true {
			t.Errorf("last 2 before the fourth: %v", d)
		}

		// Every combination, against the algorithm; cursors are the
		// edges' own, read from a full forward page.
		d = ts.ok(`{ officials(first: 7, sort: [{name: ASC}]) { edges { cursor } } }`)
		var cursors []string
		for _, e := range at(d, "officials", "edges").([]interface{}) {
			cursors = append(cursors, at(e, "cursor").(string))
		}
		// Cursor offset 7 is one past the end: a stale before cursor.
		cursorAt := func(i int) string {
			if i < len(cursors) {
				return cursors[i]
			}
			return encodeCursor(i)
		}
		for _, after := range []int{-1, 0, 3} {
			for _, bef := range []int{-1, 2, 5, 7} {
				for _, n := range []int{0, 1, 3, 8} {
					for _, backward := range []bool{false, true} {
						args := []string{"sort: [{name: ASC}]"}
						first, last := n, -1
						if backward {
							first, last = -1, n
							args = append(args, fmt.Sprintf("last: %d", n))
						} else {
							args = append(args, fmt.Sprintf("first: %d", n))
						}
						if after >= 0 {
							args = append(args, fmt.Sprintf("after: %q", cursorAt(after)))
						}
						if bef >= 0 {
							args = append(args, fmt.Sprintf("before: %q", cursorAt(bef)))
						}
						q := "{ officials(" + strings.Join(args, ", ") + ") { totalCount nodes { name } pageInfo { hasPreviousPage hasNextPage } } }"
						d := ts.ok(q)
						idx := relayPage(len(all), after, bef, first, last)
						var wantNames []string
						for _, i := range idx {
							wantNames = append(wantNames, all[i])
						}
						gotNames := pluck(at(d, "officials", "nodes"), "name")
						if !reflect.DeepEqual(gotNames, wantNames) || at(d, "officials", "totalCount") != float64(len(all)) {
							t.Errorf("%s: %v, want %v", q, gotNames, wantNames)
							continue
						}
						if len(idx) > 0 {
							pi := at(d, "officials", "pageInfo")
							if at(pi, "hasPreviousPage") != (idx[0] > 0) || at(pi, "hasNextPage") != (idx[len(idx)-1] < len(all)-1) {
								t.Errorf("%s: pageInfo %v for items %v of %d", q, pi, idx, len(all))
							}
						}
					}
				}
			}
		}

		// Nested: 黎婷's two proposals, the last one, then the one before.
		const nq = `query($before: String) { node(id: "official:黎婷") { ... on Official { proposals(last: 1, before: $before, sort: [{name: ASC}]) {
			totalCount pageInfo { hasNextPage hasPreviousPage startCursor } nodes { name } } } } }`
		res := ts.post(mediaGraphQLResponse, nq, nil)
		p := at(res.Data, "node", "proposals")
		if at(p, "totalCount") != float64(2) || at(p, "pageInfo", "hasPreviousPage") != true || at(p, "pageInfo", "hasNextPage") != false ||
			at(p, "nodes", 0, "name") != "推广厂所结合模式" {
			t.Fatalf("last nested page: %s", res.raw)
		}
		res = ts.post(mediaGraphQLResponse, nq, map[string]interface{}{"before": at(p, "pageInfo", "startCursor")})
		p = at(res.Data, "node", "proposals")
		if at(p, "pageInfo", "hasPreviousPage") != false || at(p, "pageInfo", "hasNextPage") != true || at(p, "nodes", 0, "name") != "共建硬质合金复合材料中试基地" {
			t.Fatalf("nested page before it: %s", res.raw)
		}

		// Cursors are offsets a client can forge: up to 2^31-1 they give
		// an empty page past the end, beyond they are no cursor.
		huge := encodeCursor(math.MaxInt32)
		for _, q := range []string{
			`{ officials(after: "` + encodeCursor(math.MaxInt) + `") { totalCount } }`,
			`{ officials(before: "` + encodeCursor(math.MaxInt32+1) + `", last: 1) { totalCount } }`,
		} {
			if res := ts.query(q); res.code() != CodeBadUserInput || !strings.Contains(res.Errors[0].Message, "not a cursor") {
				t.Errorf("%s: %s", q, res.raw)
			}
		}
		for _, q := range []string{
			`{ officials(after: "` + huge + `") { totalCount nodes { name } pageInfo { hasNextPage hasPreviousPage } } }`,
			`{ officials(after: "` + huge + `", last: 2) { totalCount nodes { name } pageInfo { hasNextPage hasPreviousPage } } }`,
			`{ officials(before: "` + huge + `", first: 2) { totalCount nodes { name } } }`,
			`{ node(id: "official:黎婷") { ... on Official { proposals(after: "` + huge + `") { totalCount nodes { name } } } } }`,
			`{ node(id: "official:黎婷") { ... on Official { proposals(after: "` + huge + `", last: 1) { totalCount nodes { name } } } } }`,
		} {
			d := ts.ok(q)
			if strings.Contains(q, "before") {
				if got := pluck(at(d, "officials", "nodes"), "name"); !reflect.DeepEqual(got, all[:2]) {
					t.Errorf("%s: %v", q, got)
				}
				continue
			}
			c := at(d, "officials")
			if c == nil {
				c = at(d, "node", "proposals")
			}
			if n := at(c, "nodes").([]interface{}); len(n) != 0 {
				t.Errorf("%s: %v", q, n)
			}
		}

		// first and last together, last above the limit, a bad before
		// cursor: the caller's errors, before any store work.
		for _, c := range []struct{ q, code, msg string }{
			{`{ officials(first: 2, last: 2) { totalCount } }`, CodeBadUserInput, "first or last, not both"},
			{`{ officials(last: 101) { totalCount } }`, CodeArgumentLimit, "last must be between 0 and 100"},
			{`{ officials(last: -1) { totalCount } }`, CodeArgumentLimit, "last must be between 0 and 100"},
			{`{ node(id: "official:黎婷") { ... on Official { proposals(last: 101) { totalCount } } } }`, CodeArgumentLimit, "last must be between 0 and 100"},
			{`{ officials(last: 1, before: "bm9wZQ==") { totalCount } }`, CodeBadUserInput, "before: \"bm9wZQ==\" is not a cursor"},
		} {
			res := ts.query(c.q)
			if res.code() != c.code || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, c.msg) {
				t.Errorf("%s: %s", c.q, res.raw)
			}
		}
	})
}
