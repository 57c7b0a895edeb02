package queries

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"sync"

	"github.com/policygraph/policygraph/graph"
)

// Neighbor is a node related to a parent node, with every relationship
// that joins them in the requested type and direction (one per document
// that stated the fact, plus any reference fact).
type Neighbor struct {
	Node graph.Node
	Rels []graph.Relationship
}

// Loader batches one request's lookups. graphql-go resolves a selection
// level completely, collecting the thunks that resolvers return, before it
// calls any of them (its executor dethunks breadth first); so a resolver
// registers its parent id here and returns a thunk, and the first thunk of a
// level to run fires a single Store.Expand for every id registered so far,
// whatever relationship field asked for it (the batch asks for one part per
// distinct direction, type and labels, so an outgoing field never walks the
// relationships of an incoming one, and each thunk picks its own part).
// It asks for the nodes' and relationships' properties only when some
// field of the batch reads them (Need). Node lookups by id batch the same
// way through Store.Nodes.
//
// A Loader belongs to one request; it is safe for concurrent use, but
// graphql-go calls resolvers and thunks from one goroutine.
type Loader struct {
	store graph.Store
	ctx   context.Context

	mu        sync.Mutex
	expand    *expandBatch // pending, not yet fired; nil when none
	nodes     *nodeBatch
	nodeCache map[string]*graph.Node // nil entry: known missing
	trees     []*treeLevel           // levels read ahead by PrimeTree
}

// NewLoader returns a loader whose store calls use ctx (the request's, with
// its deadline).
func NewLoader(ctx context.Context, s graph.Store) *Loader {
	return &Loader{store: s, ctx: ctx, nodeCache: map[string]*graph.Node{}}
}

// Store returns the loader's store, for the calls that are not batched.
func (l *Loader) Store() graph.Store { return l.store }

type loaderKey struct{}

// WithLoader puts a loader in a context for resolvers to find.
func WithLoader(ctx context.Context, l *Loader) context.Context {
	return context.WithValue(ctx, loaderKey{}, l)
}

// LoaderFrom returns the request's loader, or nil.
func LoaderFrom(ctx context.Context) *Loader {
	l, _ := ctx.Value(loaderKey{}).(*Loader)
	return l
}

// Need says what a caller of Related reads of the related nodes and the
// relationships, beyond ids, labels, names, aliases, types and ends.
type Need struct {
	NodeProps bool // the related nodes' properties
	RelProps  bool // the relationships' properties and evidence
}

// NeedAll reads everything.
var NeedAll = Need{NodeProps: true, RelProps: true}

type expandBatch struct {
	ids     []string
	idSet   map[string]bool
	parts   []graph.ExpandPart
	partSet map[string]bool
	need    Need
	filters map[string]*filterGroup

	fired bool
	err   error
	byID  map[string][]graph.Relationship
	other map[string]graph.Node
}

// filterGroup is a nested `where` with a relationship filter, shared by all
// parents of one batch that asked for the same field with the same where:
// one FindNodes restricted to their candidates answers all of them.
type filterGroup struct {
	where   *graph.Filter
	labels  []graph.Label
	members []member
	fired   bool
	err     error
	matched map[string]bool
}

type member struct {
	id  string
	rel Rel
}

func (l *Loader) pendingExpand() *expandBatch {
	if l.expand == nil {
		l.expand = &expandBatch{idSet: map[string]bool{}, partSet: map[string]bool{}, filters: map[string]*filterGroup{}}
	}
	return l.expand
}

// Related registers id for the pending batch and returns a thunk giving
// the nodes related to id through rel, grouped per node and sorted by id,
// keeping those that match where. Where without relationship parts is
// evaluated locally; with them, one FindNodes per batch and distinct where.
func (l *Loader) Related(id string, rel Rel, where *graph.Filter) func() ([]Neighbor, error) {
	return l.RelatedNeed(id, rel, where, NeedAll)
}

// RelatedNeed is Related for a caller that reads only need of the related
// nodes and relationships: what it does not need may be missing (nil
// Props, nil Evidence). A where always reads the nodes' properties.
func (l *Loader) RelatedNeed(id string, rel Rel, where *graph.Filter, need Need) func() ([]Neighbor, error) {
	l.mu.Lock()
	b := l.pendingExpand()
	if !b.idSet[id] {
		b.idSet[id] = true
		b.ids = append(b.ids, id)
	}
	dir := rel.Dir
	if dir != graph.Out && dir != graph.In {
		dir = graph.Both
	}
	key := fmt.Sprint(dir, rel.Type, rel.Labels)
	if !b.partSet[key] {
		b.partSet[key] = true
		part := graph.ExpandPart{Direction: dir, OtherLabels: rel.Labels}
		if rel.Type != "" {
			part.Types = []graph.RelType{rel.Type}
		}
		b.parts = append(b.parts, part)
	}
	b.need.NodeProps = b.need.NodeProps || need.NodeProps || where != nil
	b.need.RelProps = b.need.RelProps || need.RelProps
	var fg *filterGroup
	if where.HasRel() {
		key := filterKey(rel, where)
		fg = b.filters[key]
		if fg == nil {
			fg = &filterGroup{where: where, labels: rel.Labels}
			b.filters[key] = fg
		}
		fg.members = append(fg.members, member{id, rel})
	}
	l.mu.Unlock()

	return func() ([]Neighbor, error) {
		if err := l.fireExpand(b); err != nil {
			return nil, err
		}
		ns := b.neighbors(id, rel)
		if where == nil {
			return ns, nil
		}
		if fg != nil {
			if err := l.fireFilter(b, fg); err != nil {
				return nil, err
			}
		}
		kept := ns[:0]
		for _, n := range ns {
			if fg != nil && fg.matched[n.Node.ID] || fg == nil && where.Match(&n.Node, nil) {
				kept = append(kept, n)
			}
		}
		return kept, nil
	}
}

func filterKey(rel Rel, where *graph.Filter) string {
	// JSON keeps 1 and "1" apart, unlike Filter.String.
	w, _ := json.Marshal(where)
	return fmt.Sprint(rel.Labels) + string(w)
}

func (l *Loader) fireExpand(b *expandBatch) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.fired {
		return b.err
	}
	b.fired = true
	if l.expand == b {
		l.expand = nil // later registrations start the next level's batch
	}
	q := graph.ExpandQuery{IDs: b.ids, OmitNodeProps: !b.need.NodeProps, OmitRelProps: !b.need.RelProps}
	// One part per distinct field shape, in a fixed order (the order they
	// were registered in depends on the query).
	q.Parts = MergeParts(b.parts)
	g, hit := l.fromTree(q)
	var err error
	if !hit {
		g, err = l.store.Expand(l.ctx, q)
	}
	if err != nil {
		b.err = fmt.Errorf("expand %d nodes: %w", len(b.ids), err)
		return b.err
	}
	b.other = make(map[string]graph.Node, len(g.Nodes))
	for _, n := range g.Nodes {
		b.other[n.ID] = n
		if q.OmitNodeProps {
			continue // a lean node must not answer a later Node lookup
		}
		if _, ok := l.nodeCache[n.ID]; !ok {
			c := n
			l.nodeCache[n.ID] = &c
		}
	}
	b.byID = make(map[string][]graph.Relationship, len(b.ids))
	for _, r := range g.Relationships {
		if b.idSet[r.From] {
			b.byID[r.From] = append(b.byID[r.From], r)
		}
		if r.To != r.From && b.idSet[r.To] {
			b.byID[r.To] = append(b.byID[r.To], r)
		}
	}
	return nil
}

// MergeParts sorts the parts and merges those of one direction and type
// set whose labels differ only (a Node connection and a typed one over the
// same relationship), so no relationship is walked twice.
func MergeParts(parts []graph.ExpandPart) []graph.ExpandPart {
	byKey := map[string]*graph.ExpandPart{}
	var keys []string
	for _, p := range parts {
		k := fmt.Sprint(p.Direction, p.Types)
		m, ok := byKey[k]
		if !ok {
			c := graph.ExpandPart{Direction: p.Direction, Types: p.Types, OtherLabels: append([]graph.Label(nil), p.OtherLabels...)}
			byKey[k] = &c
			keys = append(keys, k)
			continue
		}
		switch {
		case len(m.OtherLabels) == 0:
		case len(p.OtherLabels) == 0:
			m.OtherLabels = nil // any label
		default:
			for _, lb := range p.OtherLabels {
				if !graph.HasLabel(m.OtherLabels, lb) {
					m.OtherLabels = append(m.OtherLabels, lb)
				}
			}
		}
	}
	sort.Strings(keys)
	out := make([]graph.ExpandPart, 0, len(keys))
	for _, k := range keys {
		p := *byKey[k]
		sort.Slice(p.OtherLabels, func(i, j int) bool { return p.OtherLabels[i] < p.OtherLabels[j] })
		out = append(out, p)
	}
	return out
}

// neighbors picks rel's part of a fired batch for id.
func (b *expandBatch) neighbors(id string, rel Rel) []Neighbor {
	idx := map[string]int{}
	var out []Neighbor
	for _, r := range b.byID[id] {
		if rel.Type != "" && r.Type != rel.Type {
			continue
		}
		var other string
		switch {
		case rel.Dir != graph.In && r.From == id:
			other = r.To
		case rel.Dir != graph.Out && r.To == id:
			other = r.From
		default:
			continue
		}
		n, ok := b.other[other]
		if !ok || !graph.HasLabel(rel.Labels, n.Label) {
			continue
		}
		i, seen := idx[other]
		if !seen {
			i = len(out)
			idx[other] = i
			out = append(out, Neighbor{Node: n})
		}
		out[i].Rels = append(out[i].Rels, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node.ID < out[j].Node.ID })
	for i := range out {
		rs := out[i].Rels
		sort.Slice(rs, func(a, c int) bool { return rs[a].ID < rs[c].ID })
	}
	return out
}

func (l *Loader) fireFilter(b *expandBatch, fg *filterGroup) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if fg.fired {
		return fg.err
	}
	fg.fired = true
	seen := map[string]bool{}
	var cands []string
	for _, m := range fg.members {
		for _, n := range b.neighbors(m.id, m.rel) {
			if !seen[n.Node.ID] {
				seen[n.Node.ID] = true
				cands = append(cands, n.Node.ID)
			}
		}
	}
	fg.matched = map[string]bool{}
	if len(cands) == 0 {
		return nil
	}
	sort.Strings(cands)
	where := graph.Filter{And: []graph.Filter{{Field: "id", Op: graph.OpIn, Value: cands}, *fg.where}}
	page, err := l.store.FindNodes(l.ctx, graph.NodeQuery{Labels: fg.labels, Where: &where, SkipTotal: true})
	if err != nil {
		fg.err = fmt.Errorf("filter %d related nodes: %w", len(cands), err)
		return fg.err
	}
	for _, n := range page.Nodes {
		fg.matched[n.ID] = true
	}
	return nil
}

type nodeBatch struct {
	ids   []string
	idSet map[string]bool
	fired bool
	err   error
}

// Node registers id for the pending node batch and returns a thunk giving
// the node, or nil when it does not exist.
func (l *Loader) Node(id string) func() (*graph.Node, error) {
	l.mu.Lock()
	if n, ok := l.nodeCache[id]; ok {
		l.mu.Unlock()
		return func() (*graph.Node, error) { return n, nil }
	}
	if l.nodes == nil {
		l.nodes = &nodeBatch{idSet: map[string]bool{}}
	}
	b := l.nodes
	if !b.idSet[id] {
		b.idSet[id] = true
		b.ids = append(b.ids, id)
	}
	l.mu.Unlock()
	return func() (*graph.Node, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if !b.fired {
			b.fired = true
			if l.nodes == b {
				l.nodes = nil
			}
			var missing []string
			for _, id := range b.ids {
				if _, ok := l.nodeCache[id]; !ok {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 {
				ns, err := l.store.Nodes(l.ctx, missing)
				if err != nil {
					b.err = fmt.Errorf("load %d nodes: %w", len(missing), err)
				} else {
					for _, id := range missing {
						l.nodeCache[id] = nil
					}
					for i := range ns {
						l.nodeCache[ns[i].ID] = &ns[i]
					}
				}
			}
		}
		if b.err != nil {
			return nil, b.err
		}
		return l.nodeCache[id], nil
	}
}

// Prime records nodes the caller already has, so that later Node lookups
// of them cost nothing.
func (l *Loader) Prime(ns ...graph.Node) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range ns {
		if _, ok := l.nodeCache[ns[i].ID]; !ok {
			c := ns[i]
			l.nodeCache[c.ID] = &c
		}
	}
}

// treeLevel is one level of a tree read ahead (graph.ReadTree): for every
// node it expanded from, every relationship its query's parts match.
type treeLevel struct {
	q     graph.ExpandQuery // parts and omit flags
	from  map[string]bool
	rels  map[string][]graph.Relationship // by the ids in from
	nodes map[string]graph.Node
}

// PrimeTree records a tree read ahead of the resolvers (graph.ReadTree of
// q): the page's nodes answer Node lookups, and a later batch whose every
// id and part one level covers, with the properties it needs, is answered
// from that level without a store call. Anything else goes to the store
// as before.
func (l *Loader) PrimeTree(q graph.TreeQuery, t graph.Tree) {
	l.Prime(t.Page.Nodes...)
	l.mu.Lock()
	defer l.mu.Unlock()
	from := make(map[string]bool, len(t.Page.Nodes))
	for _, n := range t.Page.Nodes {
		from[n.ID] = true
	}
	for i, lq := range q.Levels {
		if i >= len(t.Levels) {
			break
		}
		g := t.Levels[i]
		lv := &treeLevel{q: lq, from: from, rels: map[string][]graph.Relationship{}, nodes: make(map[string]graph.Node, len(g.Nodes))}
		for _, r := range g.Relationships {
			if from[r.From] {
				lv.rels[r.From] = append(lv.rels[r.From], r)
			}
			if r.To != r.From && from[r.To] {
				lv.rels[r.To] = append(lv.rels[r.To], r)
			}
		}
		next := make(map[string]bool, len(g.Nodes))
		for _, n := range g.Nodes {
			lv.nodes[n.ID] = n
			next[n.ID] = true
			if !lq.OmitNodeProps {
				if _, ok := l.nodeCache[n.ID]; !ok {
					c := n
					l.nodeCache[n.ID] = &c
				}
			}
		}
		l.trees = append(l.trees, lv)
		from = next
	}
}

// fromTree answers q from a level read ahead, when one covers it: every
// id of q was expanded there, with parts that include each of q's and
// with at least the properties q asks for.
func (l *Loader) fromTree(q graph.ExpandQuery) (graph.Subgraph, bool) {
	for _, lv := range l.trees {
		if !lv.covers(q) {
			continue
		}
		var g graph.Subgraph
		seenRel := map[string]bool{}
		seenNode := map[string]bool{}
		for _, id := range q.IDs {
			for _, r := range lv.rels[id] {
				if seenRel[r.ID] {
					continue
				}
				seenRel[r.ID] = true
				g.Relationships = append(g.Relationships, r)
				for _, end := range []string{r.From, r.To} {
					if n, ok := lv.nodes[end]; ok && !seenNode[end] {
						seenNode[end] = true
						g.Nodes = append(g.Nodes, n)
					}
				}
			}
		}
		return g, true
	}
	return graph.Subgraph{}, false
}

func (lv *treeLevel) covers(q graph.ExpandQuery) bool {
	if lv.q.Document != q.Document || lv.q.OmitNodeProps && !q.OmitNodeProps || lv.q.OmitRelProps && !q.OmitRelProps {
		return false
	}
	for _, id := range q.IDs {
		if !lv.from[id] {
			return false
		}
	}
	for _, p := range q.ExpandParts() {
		if !lv.coversPart(p) {
			return false
		}
	}
	return true
}

// coversPart: some part of the level has p's direction, includes every
// type of p and allows every label p allows.
func (lv *treeLevel) coversPart(p graph.ExpandPart) bool {
	for _, c := range lv.q.ExpandParts() {
		if c.Direction != p.Direction {
			continue
		}
		if len(c.Types) > 0 && (len(p.Types) == 0 || !subset(p.Types, c.Types)) {
			continue
		}
		if len(c.OtherLabels) > 0 && (len(p.OtherLabels) == 0 || !subset(p.OtherLabels, c.OtherLabels)) {
			continue
		}
		return true
	}
	return false
}

func subset[T comparable](a, b []T) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
