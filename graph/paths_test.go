package graph_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

func TestComparePaths(t *testing.T) {
	p := func(nodes, rels string) graph.Path {
		var out graph.Path
		for _, id := range strings.Fields(nodes) {
			out.Nodes = append(out.Nodes, graph.Node{ID: id})
		}
		for _, id := range strings.Fields(rels) {
			out.Relationships = append(out.Relationships, graph.Relationship{ID: id})
		}
		return out
	}
	// In PathQuery order.
	ordered := []graph.Path{
		p("a", ""),
		p("a z", "r9"),
		p("a b c", "r2 r3"),
		p("a b c", "r2 r4"),
		p("a b c", "r3 r1"),
		p("a c c", "r1 r1"),
		p("a b x c", "r1 r1 r1"),
	}
	for i := range ordered {
		for j := range ordered {
			got := sign(graph.ComparePaths(ordered[i], ordered[j]))
			want := sign(i - j)
			if got != want {
				t.Errorf("ComparePaths(%d, %d) = %d, want %d", i, j, got, want)
			}
		}
	}
	shuffled := []graph.Path{ordered[4], ordered[6], ordered[0], ordered[3], ordered[1], ordered[5], ordered[2]}
	sort.Slice(shuffled, func(i, j int) bool { return graph.ComparePaths(shuffled[i], shuffled[j]) < 0 })
	if !reflect.DeepEqual(shuffled, ordered) {
		t.Errorf("sorted paths out of order")
	}
}

func TestHasTypeAndLabel(t *testing.T) {
	if !graph.HasType(nil, graph.Proposes) || !graph.HasType([]graph.RelType{graph.Targets, graph.Proposes}, graph.Proposes) ||
		graph.HasType([]graph.RelType{graph.Targets}, graph.Proposes) {
		t.Errorf("HasType")
	}
	if !graph.HasLabel(nil, graph.City) || !graph.HasLabel([]graph.Label{graph.City}, graph.City) || graph.HasLabel([]graph.Label{graph.Goal}, graph.City) {
		t.Errorf("HasLabel")
	}
}
