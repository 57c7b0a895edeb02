package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/fetch"
)

// DefaultWriteWorkers is Pipeline.WriteWorkers' default: enough to keep a
// remote store busy while each transaction waits on round trips.
const DefaultWriteWorkers = 8

// writers writes the documents IngestPaths dispatches, in file order, and
// reports their results in that order.
//
// The graph must not depend on timing: entities that several documents
// name merge in the store (graph.MergeNode: the first writer's name stays,
// aliases are a sorted union, the last writer's properties win), and a
// reference fact (no evidence) keeps the properties of its first writer.
// So two documents whose batches give one node, or one reference fact,
// different contents must be written in file order; where they give the
// same name, label and properties (aliases may differ), either order gives
// the same graph. With a store that is a graph.FingerprintReader,
// documents are written concurrently under these rules, which give the
// graph of the sequential run:
//
//   - The stored fingerprints of all the files' documents are read first
//     (a few round trips for the whole run); a document whose batch has
//     the stored fingerprint is unchanged and not written at all.
//   - Documents start in file order. A new document starts only once every
//     earlier document still writing that has one of its nodes or
//     reference facts with other contents has finished (so of two such
//     writes the earlier commits first), and never beside another write of
//     its own id.
//   - A document that replaces a stored version, or whose previous state
//     is unknown (a URL, or a stored fingerprint that could not be read),
//     is written alone: it may collect nodes its previous version named,
//     which no key of its batch says.
//
// Other stores get one document at a time, in file order, as before.
type writers struct {
	p   *Pipeline
	ctx context.Context
	sum *Summary

	known map[string]bool   // document ids whose stored state was read
	fps   map[string]string // their stored fingerprints

	mu        sync.Mutex
	cond      *sync.Cond
	max       int
	running   int
	exclusive bool
	busy      map[string]*holders
	results   map[int]FileResult
	next      int // the next result to report
}

func (p *Pipeline) newWriters(ctx context.Context, files []string, sum *Summary) *writers {
	w := &writers{p: p, ctx: ctx, sum: sum, max: 1, busy: map[string]*holders{}, results: map[int]FileResult{}}
	w.cond = sync.NewCond(&w.mu)
	fr, ok := p.Writer.Store.(graph.FingerprintReader)
	if !ok {
		return w
	}
	ids := make([]string, 0, len(files))
	for _, f := range files {
		if !fetch.IsURL(f) {
			ids = append(ids, graph.DocumentID(filepath.Base(f)))
		}
	}
	fps, err := fr.DocumentFingerprints(ctx, ids)
	if err != nil {
		// Every document is then written alone and checked by the store.
		return w
	}
	w.fps = fps
	w.known = make(map[string]bool, len(ids))
	for _, id := range ids {
		w.known[id] = true
	}
	w.max = p.WriteWorkers
	if w.max <= 0 {
		w.max = DefaultWriteWorkers
	}
	return w
}

// dispatch writes document i (res without an error), or just reports res.
// It returns once the write has started, blocking while the rules above
// hold it back.
func (w *writers) dispatch(i int, res FileResult, b graph.DocumentBatch, x *Extraction) {
	if res.Err != nil {
		w.report(i, res)
		return
	}
	if err := w.ctx.Err(); err != nil {
		res.Err = err
		w.report(i, res)
		return
	}
	id := b.Document.ID
	exclusive := true
	if w.known[id] {
		stored, exists := w.fps[id]
		if exists && stored == b.Fingerprint() {
			w.report(i, written(res, true, b, x))
			return
		}
		exclusive = exists
	}
	keys := writeKeys(b)
	keys[0].content = fmt.Sprint("document #", i) // never beside another write of itself

	w.mu.Lock()
	for !w.free(keys, exclusive) {
		w.cond.Wait()
	}
	w.running++
	if exclusive {
		w.exclusive = true
	}
	for _, k := range keys {
		h := w.busy[k.id]
		if h == nil {
			h = &holders{content: k.content}
			w.busy[k.id] = h
		}
		h.n++
	}
	w.mu.Unlock()

	go func() {
		res := w.p.write(w.ctx, res, b, x)
		w.mu.Lock()
		w.running--
		if exclusive {
			w.exclusive = false
		}
		for _, k := range keys {
			h := w.busy[k.id]
			if h.n--; h.n == 0 {
				delete(w.busy, k.id)
			}
		}
		w.flush(i, res)
		w.mu.Unlock()
	}()
}

// free says whether a write with these keys may start now. Call with mu
// held.
func (w *writers) free(keys []writeKey, exclusive bool) bool {
	if w.exclusive || w.running >= w.max {
		return false
	}
	if exclusive {
		return w.running == 0
	}
	for _, k := range keys {
		if h := w.busy[k.id]; h != nil && h.content != k.content {
			return false
		}
	}
	return true
}

// holders counts the writes in flight that write one node or fact, all
// with the same contents.
type holders struct {
	content string
	n       int
}

// writeKey is a node or fact a write merges into the graph, with what of
// it decides the merged result whatever the order.
type writeKey struct{ id, content string }

// writeKeys lists the document (first), its nodes (label, name, properties: aliases merge in any order)
// and its reference facts (all of them but the evidence, which is none).
// Facts with evidence belong to the document, whose key covers them.
func writeKeys(b graph.DocumentBatch) []writeKey {
	keys := make([]writeKey, 0, len(b.Nodes)+1)
	keys = append(keys, writeKey{id: b.Document.ID})
	for _, n := range b.Nodes {
		keys = append(keys, writeKey{id: n.ID, content: fmt.Sprintf("%#v\x00%#v\x00%#v", n.Label, n.Name, n.Props)})
	}
	for _, r := range b.Relationships {
		if r.Evidence == nil {
			keys = append(keys, writeKey{id: "\x00rel\x00" + r.ID, content: fmt.Sprintf("%#v", r)})
		}
	}
	return keys
}

// report records document i's result and reports every result that is
// now next in file order.
func (w *writers) report(i int, res FileResult) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.flush(i, res)
}

// flush is report with mu held.
func (w *writers) flush(i int, res FileResult) {
	w.results[i] = res
	for {
		r, ok := w.results[w.next]
		if !ok {
			break
		}
		delete(w.results, w.next)
		w.next++
		w.sum.add(r)
		if w.p.OnFile != nil {
			w.p.OnFile(r)
		}
	}
	w.cond.Broadcast()
}

// wait returns once every dispatched document is written and reported.
func (w *writers) wait() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for w.running > 0 {
		w.cond.Wait()
	}
}
