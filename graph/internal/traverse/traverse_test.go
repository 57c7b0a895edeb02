package traverse_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/traverse"
)

// fakeGraph is an undirected adjacency list; its AdjacentFunc returns

// neighbours unsorted and with duplicates, as a store may, and records the

// frontiers it was asked about.

type fakeGraph struct {
	adj   map[string][]string
	calls [][]string
	fail  int // fail on this call (1-based); 0 never
	seen  struct {
		types  []graph.RelType
		labels []graph.Label
	}
}

func newFake(edges ...string) *fakeGraph {
	g := &fakeGraph{adj: map[string][]string{}}
	for _, e := range edges {
		a, b, _ := strings.Cut(e, "-")
		g.adj[a] = append(g.adj[a], b)
		g.adj[b] = append(g.adj[b], a)
	}
	return g
}

func (g *fakeGraph) adjacent(ctx context.Context, ids []string, types []graph.RelType, labels []graph.Label) ([]string, error) {
	g.calls = append(g.calls, append([]string(nil), ids...))
	g.seen.types, g.seen.labels = types, labels
	if g.fail == len(g.calls) {
		return nil, errors.New("store down")
	}
	var out []string
	for i := len(ids) - 1; i >= 0; i-- { // reversed: order must not matter
		out = append(out, g.adj[ids[i]]...)
		out = append(out, g.adj[ids[i]]...)
	}
	return out, nil
}

func TestNeighborhoodIDs(t *testing.T) {
	// s ── c           depth 1: a b c
	// ├─ a ── d ── f   depth 2: d e
	// └─ b ─┬ d        depth 3: f
	//       └ e
	edges := []string{"s-c", "s-b", "s-a", "a-d", "b-d", "b-e", "d-f"}
	cases := []struct {
		name      string
		depth     int
		limit     int
		want      string
		truncated bool
		calls     int
	}{
		{"depth 0", 0, 0, "s", false, 0},
		{"depth 1", 1, 0, "s a b c", false, 1},
		{"depth 2", 2, 0, "s a b c d e", false, 2},
		{"all", 3, 0, "s a b c d e f", false, 3},
		{"beyond the graph", 6, 0, "s a b c d e f", false, 4},
		{"limit cuts a level", 2, 3, "s a b", true, 1},
		{"limit of one", 2, 1, "s", true, 1},
		{"exactly full, next level has more", 2, 4, "s a b c", true, 2},
		{"exactly full at the depth", 1, 4, "s a b c", false, 1},
		{"exactly full two levels down", 3, 6, "s a b c d e", true, 3},
		{"exactly full, nothing beyond", 5, 7, "s a b c d e f", false, 4},
		{"exactly full at the last hop", 3, 7, "s a b c d e f", false, 3},
		{"limit above the size", 5, 100, "s a b c d e f", false, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newFake(edges...)
			ids, truncated, err := traverse.Neighborhood(context.Background(), graph.NeighborhoodQuery{ID: "s", Depth: c.depth, Limit: c.limit}, g.adjacent)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(ids, " "); got != c.want || truncated != c.truncated {
				t.Errorf("got %q truncated=%v, want %q truncated=%v", got, truncated, c.want, c.truncated)
			}
			if len(g.calls) != c.calls {
				t.Errorf("%d adjacent calls %v, want %d", len(g.calls), g.calls, c.calls)
			}
		})
	}
}

func TestNeighborhoodIDsFrontiers(t *testing.T) {
	g := newFake("s-b", "s-a", "a-b", "a-c", "b-c", "c-s2", "s2-s")
	types := []graph.RelType{graph.Mentions}
	labels := []graph.Label{graph.City}
	ids, _, err := traverse.Neighborhood(context.Background(), graph.NeighborhoodQuery{ID: "s", Depth: 3, Types: types, Labels: labels}, g.adjacent)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids, " "); got != "s a b s2 c" {
		t.Errorf("ids %q", got)
	}
	// Each hop asks only about the previous level, sorted, never twice.
	want := [][]string{{"s"}, {"a", "b", "s2"}, {"c"}}
	if !reflect.DeepEqual(g.calls, want) {
		t.Errorf("frontiers %v, want %v", g.calls, want)
	}
	if !reflect.DeepEqual(g.seen.types, types) || !reflect.DeepEqual(g.seen.labels, labels) {
		t.Errorf("types and labels not passed through: %v %v", g.seen.types, g.seen.labels)
	}
	if !sort.StringsAreSorted(ids[1:4]) {
		t.Errorf("a level is not sorted: %v", ids)
	}
}

func TestNeighborhoodIDsErrors(t *testing.T) {
	edges := []string{"s-a", "a-b", "b-c"}
	for _, c := range []struct {
		fail  int
		limit int
		hop   string
	}{
		{1, 0, "hop 1"},
		{2, 0, "hop 2"},
		{2, 2, "hop 2"}, // the exactly-full probe
	} {
		g := newFake(edges...)
		g.fail = c.fail
		_, _, err := traverse.Neighborhood(context.Background(), graph.NeighborhoodQuery{ID: "s", Depth: 3, Limit: c.limit}, g.adjacent)
		if err == nil || !strings.Contains(err.Error(), c.hop) || !strings.Contains(err.Error(), "store down") {
			t.Errorf("fail on call %d, limit %d: %v, want an error naming %s", c.fail, c.limit, err, c.hop)
		}
	}
}
