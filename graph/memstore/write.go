package memstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/policygraph/policygraph/graph"
)

// WriteDocument implements graph.Store. Everything that can fail is checked
// before the first change, and the changes themselves cannot fail, so a
// write is all or nothing.
func (s *Store) WriteDocument(ctx context.Context, b graph.DocumentBatch) (graph.WriteStats, error) {
	if err := ctx.Err(); err != nil {
		return graph.WriteStats{}, err
	}
	if err := b.Validate(); err != nil {
		return graph.WriteStats{}, err
	}
	fp := b.Fingerprint()
	stats := graph.WriteStats{Nodes: len(b.Nodes) + 1, Relationships: len(b.Relationships)}

	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensureOpen(); err != nil {
		return graph.WriteStats{}, err
	}
	docID := b.Document.ID
	if old := s.nodes[docID]; old != nil && old.Props.String(graph.FingerprintProp) == fp {
		stats.Unchanged = true
		return stats, nil
	}
	for _, n := range append([]graph.Node{b.Document}, b.Nodes...) {
		if old := s.nodes[n.ID]; old != nil && old.Label != n.Label {
			return graph.WriteStats{}, fmt.Errorf("%w: node %s is a %s in the graph, the batch says %s", graph.ErrInvalid, n.ID, old.Label, n.Label)
		}
	}
	for _, r := range b.Relationships {
		if old := s.rels[r.ID]; old != nil && (old.Type != r.Type || old.From != r.From || old.To != r.To) {
			return graph.WriteStats{}, fmt.Errorf("%w: relationship id %s is already used by another fact", graph.ErrInvalid, r.ID)
		}
	}
	if err := ctx.Err(); err != nil {
		return graph.WriteStats{}, err
	}

	// From here on nothing fails.
	touched := map[string]bool{}
	for id := range s.owned[docID] {
		r := s.rels[id]
		touched[r.From], touched[r.To] = true, true
		s.removeRel(r)
		stats.Replaced++
	}
	delete(s.owned, docID)

	doc := b.Document.Clone()
	if doc.Props == nil {
		doc.Props = graph.Props{}
	}
	doc.Props[graph.FingerprintProp] = fp
	doc.Aliases = graph.MergeAliases(doc.Name, doc.Aliases, nil)
	s.putNode(&doc)
	for _, n := range b.Nodes {
		s.mergeNode(n)
	}
	for _, r := range b.Relationships {
		if r.Evidence == nil && s.rels[r.ID] != nil {
			continue // a reference fact is merged, never owned
		}
		c := r.Clone()
		s.addRel(&c)
	}
	for id := range touched {
		s.collect(id)
	}
	s.changed()
	return stats, nil
}

// mergeNode creates n or folds it into the existing node: aliases are
// unioned and the batch's properties win.
func (s *Store) mergeNode(n graph.Node) {
	old := s.nodes[n.ID]
	if old == nil {
		c := n.Clone()
		c.Aliases = graph.MergeAliases(c.Name, c.Aliases, nil)
		s.putNode(&c)
		return
	}
	if aliases := graph.MergeAliases(old.Name, old.Aliases, n.Aliases); !slices.Equal(aliases, old.Aliases) {
		old.Aliases = aliases
		s.refold(old)
	}
	// Copy on write: a snapshot being written may share the old map.
	var props graph.Props
	for k, v := range n.Props.Clone() {
		if reflect.DeepEqual(old.Props[k], v) {
			continue
		}
		if props == nil {
			props = old.Props.Clone()
			if props == nil {
				props = graph.Props{}
			}
		}
		props[k] = v
	}
	if props != nil {
		old.Props = props
	}
}

// DeleteDocument implements graph.Store.
func (s *Store) DeleteDocument(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.ensureOpen(); err != nil {
		return err
	}
	doc := s.nodes[id]
	if doc == nil {
		return nil
	}
	if doc.Label != graph.Document {
		return fmt.Errorf("%w: %s is a %s, not a Document", graph.ErrInvalid, id, doc.Label)
	}
	touched := map[string]bool{}
	for rid := range s.owned[id] {
		r := s.rels[rid]
		touched[r.From], touched[r.To] = true, true
		s.removeRel(r)
	}
	delete(s.owned, id)
	for _, r := range s.adj[id] {
		touched[r.From], touched[r.To] = true, true
		s.removeRel(r)
	}
	s.dropNode(id)
	for n := range touched {
		s.collect(n)
	}
	s.changed()
	return nil
}

// collect removes an entity node that no relationship touches any more.
func (s *Store) collect(id string) {
	n := s.nodes[id]
	if n == nil || n.Label == graph.Document || len(s.adj[id]) > 0 {
		return
	}
	s.dropNode(id)
	delete(s.adj, id)
}

func (s *Store) addRel(r *graph.Relationship) {
	if old := s.rels[r.ID]; old != nil {
		s.unindexSentence(old)
	}
	s.rels[r.ID] = r
	s.indexSentence(r)
	for _, end := range []string{r.From, r.To} {
		m := s.adj[end]
		if m == nil {
			m = map[string]*graph.Relationship{}
			s.adj[end] = m
		}
		m[r.ID] = r
	}
	if r.Evidence != nil {
		m := s.owned[r.Evidence.Document]
		if m == nil {
			m = map[string]struct{}{}
			s.owned[r.Evidence.Document] = m
		}
		m[r.ID] = struct{}{}
	}
}

func (s *Store) removeRel(r *graph.Relationship) {
	delete(s.rels, r.ID)
	s.unindexSentence(r)
	for _, end := range []string{r.From, r.To} {
		delete(s.adj[end], r.ID)
		if len(s.adj[end]) == 0 {
			delete(s.adj, end)
		}
	}
	if r.Evidence != nil {
		delete(s.owned[r.Evidence.Document], r.ID)
	}
}
