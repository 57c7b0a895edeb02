package graph

import (
	"context"
	"time"
)

// TreeQuery is a page of nodes and the levels of relationships below it,
// as a nested GraphQL selection reads them: Levels[0] expands from the
// page's nodes, Levels[i] from every node Levels[i-1] reached. The IDs of
// the levels' queries are ignored (they are the previous level's nodes);
// their Document, Parts and omit flags apply.
type TreeQuery struct {
	Root   NodeQuery
	Levels []ExpandQuery
}

// Tree is the answer to a TreeQuery: the page, and for each level the
// Expand answer for the previous level's nodes (the page's for the first).
type Tree struct {
	Page   NodePage
	Levels []Subgraph
}

// TreeReader is a Store that can answer a TreeQuery in one round trip
// (Neo4j: one statement). Stores without it answer through ReadTree's
// FindNodes and one Expand per level; both give the same Tree.
type TreeReader interface {
	ReadTree(ctx context.Context, q TreeQuery) (Tree, error)
}

// ReadTree answers q with s's ReadTree when it has one, else with
// FindNodes and one Expand per level.
func ReadTree(ctx context.Context, s Store, q TreeQuery) (Tree, error) {
	if tr, ok := s.(TreeReader); ok {
		return tr.ReadTree(ctx, q)
	}
	return readTreeParts(ctx, s, q)
}

// NativeTree reports whether s answers a TreeQuery in one round trip
// rather than through ReadTree's FindNodes and one Expand per level.
func NativeTree(s Store) bool {
	if n, ok := s.(interface{ NativeTree() bool }); ok {
		return n.NativeTree()
	}
	_, ok := s.(TreeReader)
	return ok
}

func readTreeParts(ctx context.Context, s Store, q TreeQuery) (Tree, error) {
	var t Tree
	var err error
	if t.Page, err = s.FindNodes(ctx, q.Root); err != nil {
		return Tree{}, err
	}
	ids := make([]string, len(t.Page.Nodes))
	for i, n := range t.Page.Nodes {
		ids[i] = n.ID
	}
	for _, l := range q.Levels {
		l.IDs = ids
		g, err := s.Expand(ctx, l)
		if err != nil {
			return Tree{}, err
		}
		t.Levels = append(t.Levels, g)
		ids = make([]string, len(g.Nodes))
		for i, n := range g.Nodes {
			ids[i] = n.ID
		}
	}
	return t, nil
}

// ReadTree makes an observed store a TreeReader: one observed call when
// the wrapped store answers natively, else each part observed.
func (o *observed) ReadTree(ctx context.Context, q TreeQuery) (t Tree, err error) {
	if _, ok := o.s.(TreeReader); !ok {
		return readTreeParts(ctx, o, q)
	}
	defer func(start time.Time) { o.done(ctx, "ReadTree", start, err) }(time.Now())
	return ReadTree(ctx, o.s, q)
}

// NativeTree forwards to the wrapped store, so wrapping does not hide it.
func (o *observed) NativeTree() bool { return NativeTree(o.s) }
