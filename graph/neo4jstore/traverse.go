package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/traverse"
)

// Expand implements graph.Store in one statement for the whole id set and
// every part. Each part is a typed pattern: relationship types and the
// other end's labels are written into the pattern (from the ontology's
// constants only, validRelTypes and validLabels, never from the caller),
// so Neo4j walks only the relationships of those types, in that direction,
// instead of every relationship of each node (mostly MENTIONS) filtered
// afterwards. The other nodes come back in the same statement, and only
// what the query's omit flags leave in is read.
func (s *Store) Expand(ctx context.Context, q graph.ExpandQuery) (graph.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return graph.Subgraph{}, err
	}
	if len(q.IDs) == 0 {
		return graph.Subgraph{}, nil
	}
	query, ok := expandQuery(q)
	if !ok {
		return graph.Subgraph{}, nil // only unknown types or labels: nothing matches
	}
	params := map[string]any{"ids": dedupe(q.IDs), "doc": q.Document}
	var g graph.Subgraph
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		rels := map[string]graph.Relationship{}
		nodes := map[string]graph.Node{}
		err := run(ctx, tx, query, params, func(rec *neo4j.Record) error {
			return collectSubgraph(rec.Values[0], rec.Values[1], rels, nodes)
		})
		if err != nil {
			return err
		}
		g = subgraph(nodes, rels)
		return nil
	})
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neo4jstore: expand: %w", err)
	}
	return g, nil
}

// expandQuery builds Expand's statement; ok is false when no part can
// match (it names only unknown types or labels).
func expandQuery(q graph.ExpandQuery) (query string, ok bool) {
	branches, ok := expandBranches(q, "doc")
	if !ok {
		return "", false
	}
	relProps, nodeProps := leanProps(q)
	return "UNWIND $ids AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"CALL (n) {\n" + branches + "\n}\n" +
		"WITH DISTINCT r, m, from, to\n" +
		"WITH collect({type: type(r), props: " + relProps + ", from: from, to: to}) AS rels, collect(DISTINCT m) AS ms\n" +
		"RETURN rels, [m IN ms | {labels: labels(m), props: " + nodeProps + "}]", true
}

// expandBranches is the UNION of the parts' subqueries (one per distinct
// part), each returning r, m, from and to for a node n; docParam names the
// parameter holding q.Document. ok is false when no part can match.
func expandBranches(q graph.ExpandQuery, docParam string) (string, bool) {
	if q.Document == "" {
		docParam = ""
	}
	var branches []string
	seen := map[string]bool{}
	for _, part := range q.ExpandParts() {
		b, ok := expandBranch(part, docParam)
		if ok && !seen[b] {
			seen[b] = true
			branches = append(branches, b)
		}
	}
	return strings.Join(branches, "\n  UNION\n"), len(branches) > 0
}

// leanProps returns the projections of r's and m's properties that q's
// omit flags leave in.
func leanProps(q graph.ExpandQuery) (rel, node string) {
	rel, node = "properties(r)", "properties(m)"
	if q.OmitRelProps {
		rel = "{id: r.id}"
	}
	if q.OmitNodeProps {
		node = "{id: m.id, name: m.name, aliases: m.aliases}"
	}
	return rel, node
}

// ReadTree implements graph.TreeReader in one statement: a subquery for
// the page (and one for its count, unless skipped), then one subquery per
// level, each expanding every node the previous one reached with the
// level's typed patterns. Each subquery returns one row, so the statement
// returns one row holding the whole tree.
func (s *Store) ReadTree(ctx context.Context, q graph.TreeQuery) (graph.Tree, error) {
	if err := ctx.Err(); err != nil {
		return graph.Tree{}, err
	}
	fq, ok, err := compileFind(q.Root)
	if err != nil {
		return graph.Tree{}, err
	}
	if !ok {
		return graph.Tree{Levels: make([]graph.Subgraph, len(q.Levels))}, nil // only unknown labels: nothing matches
	}
	params := fq.params
	var b strings.Builder
	switch {
	case q.Root.SkipTotal:
		b.WriteString("CALL () {\n" + fq.match + "\nWHERE " + fq.where + "\n" + fq.page + "\nRETURN collect(n) AS ns0\n}\n" +
			// Not in the subquery's RETURN: a constant there would be a
			// grouping key, and an empty page no row at all.
			"WITH ns0, 0 AS total\n")
	case q.Root.Where == nil:
		b.WriteString("CALL () {\n" + fq.match + "\nWHERE " + fq.where + "\nRETURN count(n) AS total\n}\n")
		b.WriteString("CALL () {\n" + fq.match + "\nWHERE " + fq.where + "\n" + fq.page + "\nRETURN collect(n) AS ns0\n}\n")
	default:
		slice := "[$skip..]"
		params["skip"] = int64(max(q.Root.Offset, 0))
		if q.Root.Limit > 0 {
			slice = "[$skip..$end]"
			params["end"] = int64(max(q.Root.Offset, 0) + q.Root.Limit)
		}
		b.WriteString("CALL () {\n" + fq.match + "\nWHERE " + fq.where + "\n" + fq.sorted + "\nWITH collect(n) AS matched\n" +
			"RETURN size(matched) AS total, matched" + slice + " AS ns0\n}\n")
	}
	ret := "RETURN total, [n IN ns0 | " + nodeProjection + "]"
	for i, l := range q.Levels {
		prev, cur := "ns"+strconv.Itoa(i), strconv.Itoa(i+1)
		doc := "doc" + cur
		params[doc] = l.Document
		branches, ok := expandBranches(l, doc)
		if !ok {
			b.WriteString("CALL () {\nRETURN [] AS rels" + cur + ", [] AS ns" + cur + "\n}\n")
		} else {
			relProps, _ := leanProps(l)
			b.WriteString("CALL (" + prev + ") {\nUNWIND " + prev + " AS n\nCALL (n) {\n" + branches + "\n}\n" +
				"WITH DISTINCT r, m, from, to\n" +
				"RETURN collect({type: type(r), props: " + relProps + ", from: from, to: to}) AS rels" + cur + ", collect(DISTINCT m) AS ns" + cur + "\n}\n")
		}
		_, nodeProps := leanProps(l)
		ret += ", rels" + cur + ", [m IN ns" + cur + " | {labels: labels(m), props: " + nodeProps + "}]"
	}
	query := b.String() + ret

	var t graph.Tree
	err = s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		t = graph.Tree{}
		return run(ctx, tx, query, params, func(rec *neo4j.Record) error {
			total, err := asInt(rec.Values[0])
			if err != nil {
				return err
			}
			t.Page.Total = int(total)
			roots, err := decodeList(rec.Values[1], decodeNodeMap)
			if err != nil {
				return err
			}
			t.Page.Nodes = append(t.Page.Nodes, roots...)
			for i := range q.Levels {
				rels := map[string]graph.Relationship{}
				nodes := map[string]graph.Node{}
				if err := collectSubgraph(rec.Values[2+2*i], rec.Values[3+2*i], rels, nodes); err != nil {
					return err
				}
				t.Levels = append(t.Levels, subgraph(nodes, rels))
			}
			return nil
		})
	})
	if err != nil {
		return graph.Tree{}, fmt.Errorf("neo4jstore: read tree: %w", err)
	}
	return t, nil
}

// expandBranch is the subquery of one part: a pattern typed with the
// part's relationship types and other-end labels, returning r, m and the
// ids of r's start and end.
func expandBranch(part graph.ExpandPart, docParam string) (string, bool) {
	types, labels := "", ""
	if len(part.Types) > 0 {
		valid := validRelTypes(part.Types)
		if len(valid) == 0 {
			return "", false
		}
		types = ":" + strings.Join(valid, "|")
	}
	if len(part.OtherLabels) > 0 {
		valid := validLabels(part.OtherLabels)
		if len(valid) == 0 {
			return "", false
		}
		labels = ":" + strings.Join(valid, "|")
	}
	// The arrow and the ends' ids follow from the direction (an enum;
	// memstore reads any other value as both).
	var pattern, ends string
	switch part.Direction {
	case graph.Out:
		pattern, ends = "(n)-[r"+types+"]->(m"+labels+")", "n.id AS from, m.id AS to"
	case graph.In:
		pattern, ends = "(n)<-[r"+types+"]-(m"+labels+")", "m.id AS from, n.id AS to"
	default:
		pattern, ends = "(n)-[r"+types+"]-(m"+labels+")", "startNode(r).id AS from, endNode(r).id AS to"
	}
	b := "  MATCH " + pattern + "\n"
	if docParam != "" {
		b += "  WHERE r.doc = $" + docParam + "\n"
	}
	return b + "  RETURN r, m, " + ends, true
}

// subgraph sorts nodes and relationships by id, in Go's string order as
// memstore does.
func subgraph(nodes map[string]graph.Node, rels map[string]graph.Relationship) graph.Subgraph {
	var g graph.Subgraph
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, n)
	}
	for _, r := range rels {
		g.Relationships = append(g.Relationships, r)
	}
	sort.Slice(g.Nodes, func(i, j int) bool { return g.Nodes[i].ID < g.Nodes[j].ID })
	sort.Slice(g.Relationships, func(i, j int) bool { return g.Relationships[i].ID < g.Relationships[j].ID })
	return g
}

func relTypeStrings(ts []graph.RelType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

func labelStrings(ls []graph.Label) []string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = string(l)
	}
	return out
}

// Neighborhood implements graph.Store: traverse.Neighborhood drives the
// breadth-first search with one query per hop, then one query reads the
// chosen nodes and the relationships among them. All of it runs in one
// read transaction.
func (s *Store) Neighborhood(ctx context.Context, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return graph.Subgraph{}, err
	}
	// Types and labels are typed into the patterns (ontology constants
	// only), so each hop walks only the relationships it may follow.
	types, labels := "", ""
	none := false // the query names only unknown types or labels
	if len(q.Types) > 0 {
		valid := validRelTypes(q.Types)
		none = none || len(valid) == 0
		types = ":" + strings.Join(valid, "|")
	}
	if len(q.Labels) > 0 {
		valid := validLabels(q.Labels)
		none = none || len(valid) == 0
		labels = ":" + strings.Join(valid, "|")
	}
	adjacentQuery := "UNWIND $ids AS id\n" +
		"MATCH (:" + entityLabel + " {id: id})-[r" + types + "]-(m" + labels + ")\n" +
		"RETURN DISTINCT m.id"
	resultQuery := "UNWIND $ids AS id\n" +
		"MATCH (n:" + entityLabel + " {id: id})\n" +
		"RETURN " + nodeProjection + ", COLLECT {\n" +
		"  MATCH (n)-[r" + types + "]->(o:" + entityLabel + ")\n" +
		"  WHERE o.id IN $ids\n" +
		"  RETURN " + relProjection + "\n}"
	if none {
		resultQuery = "UNWIND $ids AS id\n" +
			"MATCH (n:" + entityLabel + " {id: id})\n" +
			"RETURN " + nodeProjection + ", []"
	}

	var g graph.Subgraph
	notFound := false
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		g, notFound = graph.Subgraph{}, false
		start, err := fetchNodes(ctx, tx, []string{q.ID}, nil)
		if err != nil {
			return err
		}
		if len(start) == 0 {
			notFound = true
			return nil
		}
		adjacent := func(ctx context.Context, ids []string, _ []graph.RelType, _ []graph.Label) ([]string, error) {
			var out []string
			if none {
				return nil, nil
			}
			err := run(ctx, tx, adjacentQuery, map[string]any{"ids": ids}, func(rec *neo4j.Record) error {
				id, err := asString(rec.Values[0])
				out = append(out, id)
				return err
			})
			return out, err
		}
		ids, truncated, err := traverse.Neighborhood(ctx, q, adjacent)
		if err != nil {
			return err
		}
		nodes := map[string]graph.Node{}
		rels := map[string]graph.Relationship{}
		err = run(ctx, tx, resultQuery, map[string]any{"ids": ids}, func(rec *neo4j.Record) error {
			n, err := decodeNodeMap(rec.Values[0])
			if err != nil {
				return err
			}
			nodes[n.ID] = n
			list, err := asList(rec.Values[1])
			if err != nil {
				return err
			}
			for _, v := range list {
				r, err := decodeRelMap(v)
				if err != nil {
					return err
				}
				rels[r.ID] = r
			}
			return nil
		})
		if err != nil {
			return err
		}
		g.Truncated = truncated
		for _, id := range ids {
			n, ok := nodes[id]
			if !ok {
				return fmt.Errorf("node %s vanished during the query", id)
			}
			g.Nodes = append(g.Nodes, n)
		}
		g.Relationships = subgraph(nil, rels).Relationships
		return nil
	})
	if err != nil {
		return graph.Subgraph{}, fmt.Errorf("neo4jstore: neighbourhood of %s: %w", q.ID, err)
	}
	if notFound {
		return graph.Subgraph{}, fmt.Errorf("node %s: %w", q.ID, graph.ErrNotFound)
	}
	return g, nil
}

// ShortestPath implements graph.Store.
func (s *Store) ShortestPath(ctx context.Context, q graph.PathQuery) (*graph.Path, error) {
	return traverse.Shortest(ctx, q, s.Paths)
}

// Paths implements graph.Store with native Cypher. shortestPath finds the
// shortest length d; allShortestPaths lists the paths of length d (which
// never repeat a node); longer lengths, tried one at a time only while
// fewer than K paths are found, use a fixed-length pattern filtered to
// paths that do not revisit a node. At each length Neo4j sorts by the node
// ids, then the relationship ids, and keeps what is still needed.
//
// The type list and the lengths are interpolated because Cypher takes
// neither as a parameter in a variable-length pattern: the types are
// ontology constants (relTypeToken) and the lengths are formatted ints.
func (s *Store) Paths(ctx context.Context, q graph.PathQuery) ([]graph.Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.K <= 0 {
		q.K = 1
	}
	typeList := ""
	if len(q.Types) > 0 {
		valid := validRelTypes(q.Types)
		if len(valid) > 0 {
			typeList = ":" + strings.Join(valid, "|")
		} else {
			typeList = "-" // no known type: no relationship qualifies
		}
	}
	var out []graph.Path
	var missing string
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		out, missing = nil, ""
		ends, err := fetchNodes(ctx, tx, []string{q.From, q.To}, nil)
		if err != nil {
			return err
		}
		for _, id := range []string{q.From, q.To} {
			if _, ok := ends[id]; !ok {
				missing = id
				return nil
			}
		}
		if q.From == q.To {
			out = []graph.Path{{Nodes: []graph.Node{ends[q.From]}}}
			return nil
		}
		if q.MaxDepth < 1 || typeList == "-" {
			return nil
		}
		params := map[string]any{"from": q.From, "to": q.To}
		ends2 := "MATCH (a:" + entityLabel + " {id: $from}), (b:" + entityLabel + " {id: $to})\n"
		maxHops := strconv.Itoa(q.MaxDepth)
		shortest := -1
		err = run(ctx, tx, ends2+"MATCH p = shortestPath((a)-["+typeList+"*.."+maxHops+"]-(b))\nRETURN length(p)", params, func(rec *neo4j.Record) error {
			n, err := asInt(rec.Values[0])
			shortest = int(n)
			return err
		})
		if err != nil || shortest < 0 {
			return err
		}
		for length := shortest; length <= q.MaxDepth && len(out) < q.K; length++ {
			var match string
			if length == shortest {
				match = "MATCH p = allShortestPaths((a)-[" + typeList + "*.." + maxHops + "]-(b))\n"
			} else {
				l := strconv.Itoa(length)
				match = "MATCH p = (a)-[" + typeList + "*" + l + ".." + l + "]-(b)\n" +
					"WHERE all(i IN range(1, size(nodes(p)) - 1) WHERE NOT nodes(p)[i] IN nodes(p)[0..i])\n"
			}
			params["k"] = int64(q.K - len(out))
			query := ends2 + match +
				"WITH p ORDER BY [n IN nodes(p) | n.id], [r IN relationships(p) | r.id] LIMIT $k\n" +
				"RETURN [n IN nodes(p) | " + nodeProjection + "], [r IN relationships(p) | " + relProjection + "]"
			var found []graph.Path
			err := run(ctx, tx, query, params, func(rec *neo4j.Record) error {
				p, err := decodePath(rec.Values[0], rec.Values[1])
				if err != nil {
					return err
				}
				found = append(found, p)
				return nil
			})
			if err != nil {
				return err
			}
			// Same order in Go's string order, as graph.ComparePaths has it.
			sort.SliceStable(found, func(i, j int) bool { return graph.ComparePaths(found[i], found[j]) < 0 })
			out = append(out, found...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4jstore: paths %s → %s: %w", q.From, q.To, err)
	}
	if missing != "" {
		return nil, fmt.Errorf("node %s: %w", missing, graph.ErrNotFound)
	}
	return out, nil
}

func decodePath(nodes, rels any) (graph.Path, error) {
	var p graph.Path
	nl, err := asList(nodes)
	if err != nil {
		return p, err
	}
	rl, err := asList(rels)
	if err != nil {
		return p, err
	}
	for _, v := range nl {
		n, err := decodeNodeMap(v)
		if err != nil {
			return p, err
		}
		p.Nodes = append(p.Nodes, n)
	}
	for _, v := range rl {
		r, err := decodeRelMap(v)
		if err != nil {
			return p, err
		}
		p.Relationships = append(p.Relationships, r)
	}
	return p, nil
}
