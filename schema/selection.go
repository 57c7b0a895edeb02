package schema

import (
	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// What a field's selection reads, so that a store reads no more: a
// relationship connection whose nodes are asked only for their id, name
// and further relationships needs neither the nodes' properties nor the
// relationships' (every evidence sentence); a root page that asks for no
// totalCount needs no count. The walk is conservative: a field it does not
// know, or a selection it cannot follow, asks for everything.

// leanNodeFields are the fields of a label's object that read nothing of
// the node beyond its id, label, name and aliases (relationship fields
// and evidence load their own data through the loader).
func leanNodeField(l graph.Label, name string) bool {
	switch name {
	case "id", "name", "aliases", "label", "__typename", "evidence":
		return true
	case "positions":
		return l == graph.Official
	}
	if l == "" {
		return false
	}
	_, ok := queries.RelationOf(l, name)
	return ok
}

// selectionWalk follows a field's selection through fragments.
type selectionWalk struct {
	fragments map[string]ast.Definition
	visiting  map[string]bool
}

func newSelectionWalk(p graphql.ResolveParams) *selectionWalk {
	return &selectionWalk{fragments: p.Info.Fragments, visiting: map[string]bool{}}
}

// each calls fn for every field of ss, through inline fragments and
// fragment spreads; a fragment's type condition is passed (nil: none).
// It returns false when it could not follow a spread.
func (w *selectionWalk) each(ss *ast.SelectionSet, fn func(f *ast.Field, on *ast.Named) bool) bool {
	return w.eachOn(ss, nil, fn)
}

func (w *selectionWalk) eachOn(ss *ast.SelectionSet, on *ast.Named, fn func(f *ast.Field, on *ast.Named) bool) bool {
	if ss == nil {
		return true
	}
	for _, sel := range ss.Selections {
		switch s := sel.(type) {
		case *ast.Field:
			if !fn(s, on) {
				return false
			}
		case *ast.InlineFragment:
			cond := on
			if s.TypeCondition != nil {
				cond = s.TypeCondition
			}
			if !w.eachOn(s.SelectionSet, cond, fn) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Name == nil || w.visiting[s.Name.Value] {
				return false
			}
			fd, ok := w.fragments[s.Name.Value].(*ast.FragmentDefinition)
			if !ok {
				return false
			}
			w.visiting[s.Name.Value] = true
			cond := on
			if fd.TypeCondition != nil {
				cond = fd.TypeCondition
			}
			ok = w.eachOn(fd.SelectionSet, cond, fn)
			delete(w.visiting, s.Name.Value)
			if !ok {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// fieldSelections calls fn for every field selected under the resolving
// field (all its occurrences, which graphql-go merges).
func (w *selectionWalk) fieldSelections(p graphql.ResolveParams, fn func(f *ast.Field, on *ast.Named) bool) bool {
	for _, f := range p.Info.FieldASTs {
		if !w.each(f.SelectionSet, fn) {
			return false
		}
	}
	return true
}

// singleNeed says what a single-node relationship field (City.parent)
// with nodes of label other reads: never the relationships.
func singleNeed(p graphql.ResolveParams, other graph.Label) queries.Need {
	return newSelectionWalk(p).singleNeed(p.Info.FieldASTs, other)
}

func (w *selectionWalk) singleNeed(fields []*ast.Field, other graph.Label) queries.Need {
	need := queries.Need{}
	for _, f := range fields {
		ok := w.each(f.SelectionSet, func(f *ast.Field, on *ast.Named) bool {
			l := other
			if on != nil && on.Name != nil {
				l = graph.Label(on.Name.Value)
			}
			if !leanNodeField(l, f.Name.Value) {
				need.NodeProps = true
			}
			return true
		})
		if !ok {
			return queries.NeedAll
		}
	}
	return need
}

// connectionNeed says what a relationship connection to nodes of label
// other ("" for a Node connection) reads of its nodes and relationships.
func connectionNeed(p graphql.ResolveParams, other graph.Label) queries.Need {
	return newSelectionWalk(p).connectionNeed(p.Info.FieldASTs, other)
}

func (w *selectionWalk) connectionNeed(fields []*ast.Field, other graph.Label) queries.Need {
	var need queries.Need
	// node reads one node selection; on is the type condition in force.
	node := func(ss *ast.SelectionSet, l graph.Label) bool {
		return w.each(ss, func(f *ast.Field, on *ast.Named) bool {
			fl := l
			if on != nil && on.Name != nil {
				fl = graph.Label(on.Name.Value)
				if !fl.Valid() {
					return false
				}
			}
			if !leanNodeField(fl, f.Name.Value) {
				need.NodeProps = true
			}
			return true
		})
	}
	for _, f := range fields {
		ok := w.each(f.SelectionSet, func(f *ast.Field, _ *ast.Named) bool {
			switch f.Name.Value {
			case "totalCount", "pageInfo", "__typename":
				return true
			case "nodes":
				return node(f.SelectionSet, other)
			case "edges":
				return w.each(f.SelectionSet, func(e *ast.Field, _ *ast.Named) bool {
					switch e.Name.Value {
					case "cursor", "__typename":
					case "node":
						return node(e.SelectionSet, other)
					default: // relationships, evidence
						need.RelProps = true
					}
					return true
				})
			}
			return false
		})
		if !ok {
			return queries.NeedAll
		}
	}
	return need
}

// selectsField reports whether the resolving field's selection asks for a
// field of that name at its first level (true when it cannot tell).
func selectsField(p graphql.ResolveParams, name string) bool {
	found := false
	ok := newSelectionWalk(p).fieldSelections(p, func(f *ast.Field, _ *ast.Named) bool {
		if f.Name.Value == name {
			found = true
		}
		return true
	})
	return found || !ok
}
