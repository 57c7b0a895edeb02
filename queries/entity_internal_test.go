package queries

import (
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// TestCitePriorityCoversEveryType: a type missing from citePriority would
// rank with PROPOSES, and which of two facts a sentence is cited for would
// then depend on the order a store returns them in.
func TestCitePriorityCoversEveryType(t *testing.T) {
	seen := map[int]graph.RelType{}
	for _, rt := range graph.RelTypes {
		p, ok := citePriority[rt]
		if !ok {
			t.Errorf("%s has no cite priority", rt)
			continue
		}
		if other, dup := seen[p]; dup {
			t.Errorf("%s and %s share cite priority %d", rt, other, p)
		}
		seen[p] = rt
	}
}
