package neo4jstore

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/sortkey"
)

// Nodes implements graph.Store.
func (s *Store) Nodes(ctx context.Context, ids []string) ([]graph.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var byID map[string]graph.Node
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		var err error
		byID, err = fetchNodes(ctx, tx, ids, nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("neo4jstore: nodes: %w", err)
	}
	out := make([]graph.Node, 0, len(ids))
	for _, id := range ids {
		if n, ok := byID[id]; ok {
			out = append(out, n.Clone())
		}
	}
	return out, nil
}

// fetchNodes reads the nodes with the given ids (those that exist), keeping
// only those with a label in labels when labels is not nil.
func fetchNodes(ctx context.Context, tx neo4j.ManagedTransaction, ids []string, labels []string) (map[string]graph.Node, error) {
	out := make(map[string]graph.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q := "UNWIND $ids AS id MATCH (n:" + entityLabel + " {id: id})"
	params := map[string]any{"ids": dedupe(ids)}
	if labels != nil {
		q += " WHERE any(l IN labels(n) WHERE l IN $labels)"
		params["labels"] = labels
	}
	q += " RETURN labels(n), properties(n)"
	err := run(ctx, tx, q, params, func(rec *neo4j.Record) error {
		n, err := decodeNode(rec.Values[0], rec.Values[1])
		if err != nil {
			return err
		}
		out[n.ID] = n
		return nil
	})
	return out, err
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// FindNodes implements graph.Store: the filter compiles to a WHERE clause,
// the sort keys to ORDER BY (with id last, ascending, as on memstore), and
// the page to SKIP/LIMIT; the total, unless q.SkipTotal, is counted in the
// same statement.
func (s *Store) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	if err := ctx.Err(); err != nil {
		return graph.NodePage{}, err
	}
	fq, ok, err := compileFind(q)
	if err != nil || !ok {
		return graph.NodePage{}, err // !ok: only unknown labels, nothing matches
	}
	match, where, sorted, page, params := fq.match, fq.where, fq.sorted, fq.page, fq.params
	pageQuery := match + "\nWHERE " + where + "\n" + page + "\nRETURN labels(n), properties(n)"
	switch {
	case q.SkipTotal:
	case q.Where == nil:
		// The count and the page in one statement (one round trip): a
		// label's count comes from the count store, and the page from a
		// top-k sort. The page's order survives collect.
		pageQuery = "CALL () {\n" + match + "\nWHERE " + where + "\nRETURN count(n) AS total\n}\n" +
			"CALL () {\n" + match + "\nWHERE " + where + "\n" + page + "\nRETURN collect(" + nodeProjection + ") AS page\n}\n" +
			"RETURN total, page"
	default:
		// A filter is evaluated once for both: the matches are sorted and
		// collected, counted and sliced.
		slice := "[$skip..]"
		params["skip"] = int64(max(q.Offset, 0))
		if q.Limit > 0 {
			slice = "[$skip..$end]"
			params["end"] = int64(max(q.Offset, 0) + q.Limit)
		}
		pageQuery = match + "\nWHERE " + where + "\n" + sorted + "\nWITH collect(n) AS ns\n" +
			"RETURN size(ns), [n IN ns" + slice + " | " + nodeProjection + "]"
	}

	var out graph.NodePage
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out = graph.NodePage{}
		return run(ctx, tx, pageQuery, params, func(rec *neo4j.Record) error {
			if q.SkipTotal {
				n, err := decodeNode(rec.Values[0], rec.Values[1])
				if err != nil {
					return err
				}
				out.Nodes = append(out.Nodes, n)
				return nil
			}
			total, err := asInt(rec.Values[0])
			if err != nil {
				return err
			}
			out.Total = int(total)
			list, err := asList(rec.Values[1])
			if err != nil {
				return err
			}
			for _, v := range list {
				n, err := decodeNodeMap(v)
				if err != nil {
					return err
				}
				out.Nodes = append(out.Nodes, n)
			}
			return nil
		})
	})
	if err != nil {
		return graph.NodePage{}, fmt.Errorf("neo4jstore: find nodes: %w", err)
	}
	return out, nil
}

// findQuery is a compiled NodeQuery: MATCH, WHERE, the sorted stream of n
// (WITH n ORDER BY ...) and the page of it (with SKIP and LIMIT).
type findQuery struct {
	match, where, sorted, page string
	params                     map[string]any
}

// compileFind validates and compiles q; ok is false when q names labels
// but none is known (nothing matches).
func compileFind(q graph.NodeQuery) (findQuery, bool, error) {
	if err := q.Where.Validate(); err != nil {
		return findQuery{}, false, err
	}
	for _, k := range q.Sort {
		if err := sortkey.Validate(k); err != nil {
			return findQuery{}, false, err
		}
	}
	match, where, params, ok, err := compileNodeQuery(q)
	if err != nil || !ok {
		return findQuery{}, false, err
	}
	c := newCompiler(params)
	c.nparams = len(params) // keep numbering after the filter's parameters
	var order []string
	for _, k := range q.Sort {
		e, err := c.sortExpr(k.Field, "n")
		if err != nil {
			return findQuery{}, false, err
		}
		if k.Desc {
			e += " DESC"
		}
		order = append(order, e)
	}
	order = append(order, "n.id")
	sorted := "WITH n ORDER BY " + strings.Join(order, ", ")
	page := sorted
	if q.Offset > 0 {
		page += " SKIP $skip"
		params["skip"] = int64(q.Offset)
	}
	if q.Limit > 0 {
		page += " LIMIT $limit"
		params["limit"] = int64(q.Limit)
	}
	return findQuery{match: match, where: where, sorted: sorted, page: page, params: params}, true, nil
}

// compileNodeQuery returns the MATCH clause and WHERE condition of a node
// query. ok is false when the query names labels but none is known.
func compileNodeQuery(q graph.NodeQuery) (match, where string, params map[string]any, ok bool, err error) {
	params = map[string]any{}
	match = "MATCH (n:" + entityLabel + ")"
	if len(q.Labels) > 0 {
		labels := validLabels(q.Labels)
		if len(labels) == 0 {
			return "", "", nil, false, nil
		}
		// Ontology constants only (validLabels); naming the label in the
		// pattern lets the planner start from that label's nodes.
		match = "MATCH (n:" + entityLabel + "&(" + strings.Join(labels, "|") + "))"
	}
	c := newCompiler(params)
	where, err = c.where(q.Where, "n")
	if err != nil {
		return "", "", nil, false, err
	}
	if ids, ok := graph.IDsOf(q.Where); ok {
		// The compiled id test (coalesce(n.id = ..., false)) hides the id
		// from the planner; a plain IN beside it, which the filter implies,
		// lets it seek the id index instead of scanning the label.
		params["pgIDs"] = ids
		where = "n.id IN $pgIDs AND (" + where + ")"
	}
	return match, where, params, true, nil
}

// statsQuery counts each label and type from Neo4j's count store (a
// single-label or single-type count needs no scan).
var statsQuery = func() string {
	var parts []string
	for _, l := range graph.Labels {
		if tok, ok := labelToken(l); ok {
			parts = append(parts, "MATCH (n:"+tok+") RETURN 'node' AS kind, '"+tok+"' AS name, count(n) AS c")
		}
	}
	for _, t := range graph.RelTypes {
		if tok, ok := relTypeToken(t); ok {
			parts = append(parts, "MATCH ()-[r:"+tok+"]->() RETURN 'rel' AS kind, '"+tok+"' AS name, count(r) AS c")
		}
	}
	return strings.Join(parts, "\nUNION ALL\n")
}()

// Stats implements graph.Store. Like memstore it lists only labels and
// types that occur.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	var st graph.Stats
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		st = graph.Stats{Nodes: map[graph.Label]int{}, Relationships: map[graph.RelType]int{}}
		return run(ctx, tx, statsQuery, nil, func(rec *neo4j.Record) error {
			kind, _ := rec.Values[0].(string)
			name, _ := rec.Values[1].(string)
			c, err := asInt(rec.Values[2])
			if err != nil || c == 0 {
				return err
			}
			if kind == "node" {
				st.Nodes[graph.Label(name)] = int(c)
			} else {
				st.Relationships[graph.RelType(name)] = int(c)
			}
			return nil
		})
	})
	if err != nil {
		return graph.Stats{}, fmt.Errorf("neo4jstore: stats: %w", err)
	}
	return st, nil
}

// Scan implements graph.Store. It reads one page per transaction, keyed on
// the last id seen, so a big graph never loads at once and callbacks run
// outside any transaction. Nodes come in id order from the id index;
// relationships are read per type from each type's id index and merged.
// Ids are ordered as Neo4j orders strings (see the package documentation).
func (s *Store) Scan(ctx context.Context, node func(graph.Node) error, rel func(graph.Relationship) error) error {
	after := ""
	for {
		var page []graph.Node
		err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
			page = page[:0]
			return run(ctx, tx, "MATCH (n:"+entityLabel+") WHERE n.id > $after RETURN labels(n), properties(n) ORDER BY n.id LIMIT $page",
				map[string]any{"after": after, "page": int64(s.page)}, func(rec *neo4j.Record) error {
					n, err := decodeNode(rec.Values[0], rec.Values[1])
					if err != nil {
						return err
					}
					page = append(page, n)
					return nil
				})
		})
		if err != nil {
			return fmt.Errorf("neo4jstore: scan nodes after %q: %w", after, err)
		}
		for _, n := range page {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := node(n); err != nil {
				return err
			}
		}
		if len(page) < s.page {
			break
		}
		after = page[len(page)-1].ID
	}

	var streams []*relStream
	for _, t := range graph.RelTypes {
		if tok, ok := relTypeToken(t); ok {
			streams = append(streams, &relStream{typ: tok})
		}
	}
	for {
		var next *relStream
		for _, st := range streams {
			if err := s.fill(ctx, st); err != nil {
				return err
			}
			if len(st.buf) > 0 && (next == nil || compareUTF16(st.buf[0].ID, next.buf[0].ID) < 0) {
				next = st
			}
		}
		if next == nil {
			return nil
		}
		r := next.buf[0]
		next.buf = next.buf[1:]
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rel(r); err != nil {
			return err
		}
	}
}

// relStream pages through the relationships of one type in id order.
type relStream struct {
	typ   string // an ontology constant (relTypeToken)
	buf   []graph.Relationship
	after string
	done  bool
}

// fill reads the stream's next page when its buffer is empty.
func (s *Store) fill(ctx context.Context, st *relStream) error {
	if len(st.buf) > 0 || st.done {
		return nil
	}
	q := "MATCH ()-[r:" + st.typ + "]->() WHERE r.id > $after WITH r ORDER BY r.id LIMIT $page RETURN " + relProjection
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		st.buf = st.buf[:0]
		return run(ctx, tx, q, map[string]any{"after": st.after, "page": int64(s.page)}, func(rec *neo4j.Record) error {
			r, err := decodeRelMap(rec.Values[0])
			if err != nil {
				return err
			}
			st.buf = append(st.buf, r)
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("neo4jstore: scan %s relationships after %q: %w", st.typ, st.after, err)
	}
	if len(st.buf) < s.page {
		st.done = true
	}
	if len(st.buf) > 0 {
		st.after = st.buf[len(st.buf)-1].ID
	}
	return nil
}

// compareUTF16 compares strings by UTF-16 code units, the order Neo4j
// sorts strings in, so that merging per-type streams keeps Neo4j's order.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return utf16Unit(ra) - utf16Unit(rb)
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// utf16Unit is the first UTF-16 code unit of r, shifted so that distinct
// runes never tie: a supplementary rune sorts as its high surrogate
// (0xD800..0xDBFF), below U+E000..U+FFFF, and after every BMP rune below
// the surrogates; ties between supplementary runes keep code point order.
func utf16Unit(r rune) int {
	if r < 0x10000 {
		return int(r) << 21
	}
	hi := 0xD800 + (int(r)-0x10000)>>10
	return hi<<21 | int(r)&0x1FFFFF
}
