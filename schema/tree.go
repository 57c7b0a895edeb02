package schema

import (
	"fmt"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/language/ast"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/queries"
)

// A root list or node(id) with nested relationship fields is read in one
// round trip on a store that can (graph.NativeTree: Neo4j, one Cypher
// statement): the selection is compiled into levels, level i holding one
// Expand part per relationship field at nesting depth i+1 (all fields of
// a depth together, as the loader batches them), and the tree read ahead
// primes the loader, which answers each level's batch from it. Whatever
// the plan does not cover (a field it does not know, a batch with an id
// the tree did not reach) goes to the store through the loader as before,
// so the answers are the same either way.

// maxTreeLevels bounds the levels read ahead; deeper ones are batched.
const maxTreeLevels = 4

// nativeTreePlan is treePlan when the request's store reads trees in one
// round trip, else nil.
func nativeTreePlan(p graphql.ResolveParams, lo *queries.Loader, label graph.Label, conn bool) []graph.ExpandQuery {
	if !graph.NativeTree(lo.Store()) {
		return nil
	}
	return treePlan(p, label, conn)
}

type planNode struct {
	ss    *ast.SelectionSet
	label graph.Label // "" for the Node interface
}

// treePlan compiles the node selections under the resolving field (a
// connection's nodes and edges.node when conn, else the field's own
// selection, for node(id)) into tree levels; nil when there is nothing
// to read ahead or the selection cannot be followed.
func treePlan(p graphql.ResolveParams, label graph.Label, conn bool) []graph.ExpandQuery {
	w := newSelectionWalk(p)
	var cur []planNode
	for _, f := range p.Info.FieldASTs {
		if !conn {
			cur = append(cur, planNode{f.SelectionSet, label})
			continue
		}
		if !w.connNodes(f.SelectionSet, label, &cur) {
			return nil
		}
	}
	var levels []graph.ExpandQuery
	for depth := 0; depth < maxTreeLevels && len(cur) > 0; depth++ {
		var parts []graph.ExpandPart
		seen := map[string]bool{}
		var need queries.Need
		var next []planNode
		stop, drop := false, false
		add := func(rel queries.Rel, n queries.Need) {
			if rel.Type == graph.Mentions || rel.Type == "" {
				// A hub (a report names hundreds; evidence reads every
				// relationship): only from the page itself, and no deeper,
				// since the level below would expand every node it reached,
				// not only those a page of each shows.
				if depth > 0 {
					drop = true
				}
				stop = true
			}
			dir := rel.Dir
			if dir != graph.Out && dir != graph.In {
				dir = graph.Both
			}
			part := graph.ExpandPart{Direction: dir, OtherLabels: rel.Labels}
			if rel.Type != "" {
				part.Types = []graph.RelType{rel.Type}
			}
			if k := fmt.Sprint(part); !seen[k] {
				seen[k] = true
				parts = append(parts, part)
			}
			need.NodeProps = need.NodeProps || n.NodeProps
			need.RelProps = need.RelProps || n.RelProps
		}
		for _, pn := range cur {
			ok := w.each(pn.ss, func(f *ast.Field, on *ast.Named) bool {
				l := pn.label
				if on != nil && on.Name != nil {
					l = graph.Label(on.Name.Value)
				}
				name := f.Name.Value
				switch {
				case l == "":
					return true // fields of the Node interface: id, __typename
				case name == "positions" && l == graph.Official:
					add(queries.PositionsRel, queries.NeedAll)
					return true
				case name == "evidence":
					add(queries.EvidenceRel, queries.NeedAll)
					return true
				}
				rel, ok := queries.RelationOf(l, name)
				if !ok {
					return true // not a relationship field
				}
				other := otherLabel(rel)
				var n queries.Need
				if rel.Single {
					n = w.singleNeed([]*ast.Field{f}, other)
					next = append(next, planNode{f.SelectionSet, other})
				} else {
					n = w.connectionNeed([]*ast.Field{f}, other)
					if !w.connNodes(f.SelectionSet, other, &next) {
						return false
					}
				}
				for _, a := range f.Arguments {
					if a.Name != nil && (a.Name.Value == "where" || a.Name.Value == "sort") {
						n.NodeProps = true
					}
				}
				add(rel, n)
				return true
			})
			if !ok {
				return levels // what was planned so far still holds
			}
		}
		if drop || len(parts) == 0 {
			break
		}
		levels = append(levels, graph.ExpandQuery{Parts: queries.MergeParts(parts), OmitNodeProps: !need.NodeProps, OmitRelProps: !need.RelProps})
		if stop {
			break
		}
		cur = next
	}
	return levels
}

// connNodes adds the node selections of a connection selection (nodes,
// edges.node) to out; false when it cannot follow them.
func (w *selectionWalk) connNodes(ss *ast.SelectionSet, label graph.Label, out *[]planNode) bool {
	return w.each(ss, func(f *ast.Field, _ *ast.Named) bool {
		switch f.Name.Value {
		case "nodes":
			*out = append(*out, planNode{f.SelectionSet, label})
		case "edges":
			return w.each(f.SelectionSet, func(e *ast.Field, _ *ast.Named) bool {
				if e.Name.Value == "node" {
					*out = append(*out, planNode{e.SelectionSet, label})
				}
				return true
			})
		}
		return true
	})
}
