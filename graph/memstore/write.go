package memstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/wal"
)

// WriteDocument implements graph.Store. Everything that can fail is checked
// before the first change, and the changes themselves cannot fail, so a
// write is all or nothing. With a data directory the batch's log record is
// queued before the change and WriteDocument returns once it is on disk.
func (s *Store) WriteDocument(ctx context.Context, b graph.DocumentBatch) (graph.WriteStats, error) {
	if err := ctx.Err(); err != nil {
		return graph.WriteStats{}, err
	}
	if err := b.Validate(); err != nil {
		return graph.WriteStats{}, err
	}
	fp := b.Fingerprint()
	var rec []byte
	if s.disk != nil {
		var err error
		if rec, err = encodeWrite(&b); err != nil {
			return graph.WriteStats{}, fmt.Errorf("%w: %v", graph.ErrInvalid, err)
		}
		if len(rec) > wal.MaxRecord {
			return graph.WriteStats{}, fmt.Errorf("%w: document %s is %d bytes in the log (max %d)", graph.ErrInvalid, b.Document.ID, len(rec), wal.MaxRecord)
		}
	}

	s.mu.Lock()
	if err := s.writable(); err != nil {
		s.mu.Unlock()
		return graph.WriteStats{}, err
	}
	log, ticket := s.logger(rec)
	stats, changed, err := s.write(ctx, b, fp, log)
	s.mu.Unlock()
	if err != nil || !changed {
		return stats, err
	}
	if err := s.commit(*ticket); err != nil {
		return graph.WriteStats{}, fmt.Errorf("write %s: %w", b.Document.ID, err)
	}
	return stats, nil
}

// ticket is a queued log record.
type ticket struct {
	log *wal.Writer
	n   uint64
}

// logger returns the function that queues rec, for write and delete to
// call between their checks and their changes, and where it puts the
// ticket. Without a data directory it queues nothing.
func (s *Store) logger(rec []byte) (func() error, *ticket) {
	t := &ticket{}
	if s.disk == nil {
		return nil, t
	}
	return func() error {
		t.log = s.disk.log
		var err error
		t.n, err = t.log.Add(rec)
		return err
	}, t
}

// commit waits for a queued record to be on disk, then compacts if the log
// has grown enough. A failed log write stops all further writes: the
// change is in memory already, and the disk may or may not have it.
func (s *Store) commit(t ticket) error {
	if t.log == nil {
		return nil
	}
	if err := t.log.Wait(t.n); err != nil {
		s.mu.Lock()
		if s.failed == nil {
			s.failed = err
		}
		s.mu.Unlock()
		return fmt.Errorf("not written to disk, and the store takes no more writes (restart policygraph): %w", err)
	}
	s.maybeCompact()
	return nil
}

// write checks the validated batch b against the graph and applies it,
// calling log (when not nil) after the last check and before the first
// change; an error from log stops the write. changed is false for an
// unchanged document, which is neither logged nor applied. Call with mu
// held.
func (s *Store) write(ctx context.Context, b graph.DocumentBatch, fp string, log func() error) (stats graph.WriteStats, changed bool, err error) {
	stats = graph.WriteStats{Nodes: len(b.Nodes) + 1, Relationships: len(b.Relationships)}
	docID := b.Document.ID
	if old := s.nodes[docID]; old != nil && old.Props.String(graph.FingerprintProp) == fp {
		stats.Unchanged = true
		return stats, false, nil
	}
	for _, n := range append([]graph.Node{b.Document}, b.Nodes...) {
		if old := s.nodes[n.ID]; old != nil && old.Label != n.Label {
			return graph.WriteStats{}, false, fmt.Errorf("%w: node %s is a %s in the graph, the batch says %s", graph.ErrInvalid, n.ID, old.Label, n.Label)
		}
	}
	for _, r := range b.Relationships {
		if old := s.rels[r.ID]; old != nil && (old.Type != r.Type || old.From != r.From || old.To != r.To) {
			return graph.WriteStats{}, false, fmt.Errorf("%w: relationship id %s is already used by another fact", graph.ErrInvalid, r.ID)
		}
	}
	if err := ctx.Err(); err != nil {
		return graph.WriteStats{}, false, err
	}
	if log != nil {
		if err := log(); err != nil {
			return graph.WriteStats{}, false, err
		}
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
	return stats, true, nil
}

// mergeNode creates n or folds it into the existing node by
// graph.MergeNode, in place, so the indexes keep pointing at it: aliases
// refolded only when they change, the property map replaced (copy on
// write: a snapshot being written may share the old one) only when a
// value does.
func (s *Store) mergeNode(n graph.Node) {
	old := s.nodes[n.ID]
	if old == nil {
		c := graph.MergeNode(nil, n)
		s.putNode(&c)
		return
	}
	m := graph.MergeNode(old, n)
	if !slices.Equal(m.Aliases, old.Aliases) {
		old.Aliases = m.Aliases
		s.refold(old)
	}
	if !reflect.DeepEqual(m.Props, old.Props) {
		old.Props = m.Props
	}
}

// DeleteDocument implements graph.Store; with a data directory it returns
// once the deletion is on disk.
func (s *Store) DeleteDocument(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var rec []byte
	if s.disk != nil {
		rec = encodeDelete(id)
	}
	s.mu.Lock()
	if err := s.writable(); err != nil {
		s.mu.Unlock()
		return err
	}
	log, ticket := s.logger(rec)
	changed, err := s.delete(id, log)
	s.mu.Unlock()
	if err != nil || !changed {
		return err
	}
	if err := s.commit(*ticket); err != nil {
		return fmt.Errorf("delete %s: %w", id, err)
	}
	return nil
}

// delete removes a document like write applies one: log is called after
// the checks, before the changes. changed is false when there was no such
// document. Call with mu held.
func (s *Store) delete(id string, log func() error) (changed bool, err error) {
	doc := s.nodes[id]
	if doc == nil {
		return false, nil
	}
	if doc.Label != graph.Document {
		return false, fmt.Errorf("%w: %s is a %s, not a Document", graph.ErrInvalid, id, doc.Label)
	}
	if log != nil {
		if err := log(); err != nil {
			return false, err
		}
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
	return true, nil
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
