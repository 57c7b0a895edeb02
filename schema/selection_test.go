package schema

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/queries/querytest"
)

// recording remembers the Expand and FindNodes queries a request made.
type recording struct {
	graph.Store
	mu      sync.Mutex
	expands []graph.ExpandQuery
	finds   []graph.NodeQuery
}

func (r *recording) Expand(ctx context.Context, q graph.ExpandQuery) (graph.Subgraph, error) {
	r.mu.Lock()
	r.expands = append(r.expands, q)
	r.mu.Unlock()
	return r.Store.Expand(ctx, q)
}

func (r *recording) FindNodes(ctx context.Context, q graph.NodeQuery) (graph.NodePage, error) {
	r.mu.Lock()
	r.finds = append(r.finds, q)
	r.mu.Unlock()
	return r.Store.FindNodes(ctx, q)
}

func (r *recording) reset() {
	r.mu.Lock()
	r.expands, r.finds = nil, nil
	r.mu.Unlock()
}

// TestLeanReads: the store is asked only for what the selection reads
// (no count without totalCount, no properties of nodes asked only for
// names, no evidence without edges' relationships or evidence), one part
// per direction, and the answers are those of the full reads.
func TestLeanReads(t *testing.T) {
	eachBackend(t, func(t *testing.T, s graph.Store) {
		rec := &recording{Store: s}
		ts := newServer(t, rec)

		rec.reset()
		lean := ts.ok(`{ officials(sort: [{name: ASC}]) { pageInfo { hasNextPage } nodes { name proposals { nodes { name targets { nodes { id } } } } } } }`)
		if len(rec.finds) != 1 || !rec.finds[0].SkipTotal {
			t.Errorf("root page without totalCount: %+v, want SkipTotal", rec.finds)
		}
		if len(rec.expands) != 2 {
			t.Fatalf("%d expands, want 2 (one per level)", len(rec.expands))
		}
		for _, q := range rec.expands {
			if !q.OmitNodeProps || !q.OmitRelProps {
				t.Errorf("names only, but expand reads properties: %+v", q)
			}
		}
		if want := []graph.ExpandPart{{Direction: graph.Out, Types: []graph.RelType{graph.Proposes}, OtherLabels: []graph.Label{graph.Proposal}}}; !reflect.DeepEqual(rec.expands[0].Parts, want) {
			t.Errorf("parts %+v, want %+v", rec.expands[0].Parts, want)
		}

		rec.reset()
		full := ts.ok(`{ officials(sort: [{name: ASC}]) { totalCount pageInfo { hasNextPage } nodes { name properties
			proposals { nodes { name properties targets { nodes { id properties } } } edges { evidence { sentence } } } } } }`)
		if len(rec.finds) != 1 || rec.finds[0].SkipTotal {
			t.Errorf("root page with totalCount: %+v, want a count", rec.finds)
		}
		for _, q := range rec.expands {
			if q.OmitNodeProps {
				t.Errorf("properties selected, but expand omits them: %+v", q)
			}
		}
		if len(rec.expands) > 0 && rec.expands[0].OmitRelProps {
			t.Errorf("evidence selected, but expand omits it: %+v", rec.expands[0])
		}
		if got, want := at(lean, "officials", "pageInfo"), at(full, "officials", "pageInfo"); !reflect.DeepEqual(got, want) {
			t.Errorf("pageInfo %v without totalCount, %v with", got, want)
		}
		ln, fn := at(lean, "officials", "nodes").([]interface{}), at(full, "officials", "nodes").([]interface{})
		if len(ln) == 0 || len(ln) != len(fn) {
			t.Fatalf("%d officials lean, %d full", len(ln), len(fn))
		}
		for i := range ln {
			lp, fp := pluck(at(ln[i], "proposals", "nodes"), "name"), pluck(at(fn[i], "proposals", "nodes"), "name")
			if !reflect.DeepEqual(lp, fp) {
				t.Errorf("%v: proposals %v lean, %v full", at(ln[i], "name"), lp, fp)
			}
		}

		// Both directions of one level are separate parts; a property in a
		// fragment, a where or a sort by property reads the properties.
		rec.reset()
		ts.ok(`{ cities(where: {name: {eq: "株洲市"}}) { nodes { parent { name } children { nodes { name } } } } }`)
		if len(rec.expands) != 1 || len(rec.expands[0].Parts) != 2 || !rec.expands[0].OmitNodeProps {
			t.Errorf("parent and children: %+v, want two lean parts", rec.expands)
		}
		for _, q := range []string{
			`{ cities(where: {name: {eq: "株洲市"}}) { nodes { children { nodes { ...c } } } } } fragment c on City { name code }`,
			`{ cities(where: {name: {eq: "株洲市"}}) { nodes { children { nodes { ... on City { level } } } } } }`,
			`{ cities(where: {name: {eq: "株洲市"}}) { nodes { children(sort: [{code: ASC}]) { nodes { name } } } } }`,
			`{ cities(where: {name: {eq: "株洲市"}}) { nodes { children(where: {code: {eq: "430281"}}) { nodes { name } } } } }`,
			`{ cities(where: {name: {eq: "株洲市"}}) { nodes { parent { code } } } }`,
		} {
			rec.reset()
			ts.ok(q)
			if len(rec.expands) != 1 || rec.expands[0].OmitNodeProps {
				t.Errorf("%s: %+v, want the nodes' properties read", q, rec.expands)
			}
		}
	})
}

// treeStore is memstore as if it read trees in one round trip: every API
// test also runs the read-ahead path (treePlan, Loader.PrimeTree) on it,
// with graph.ReadTree's FindNodes and Expand per level as the tree.
type treeStore struct{ graph.Store }

func (treeStore) NativeTree() bool { return true }

func (s treeStore) ReadTree(ctx context.Context, q graph.TreeQuery) (graph.Tree, error) {
	return graph.ReadTree(ctx, s.Store, q)
}

func init() {
	querytest.Register(querytest.Backend{Name: "memstore-tree", Open: func(t *testing.T) graph.Store { return treeStore{memstore.New()} }})
}
