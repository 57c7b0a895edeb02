package ingest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/export"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
)

// watchedStore is a memstore that reads fingerprints in bulk (so the
// pipeline writes concurrently), makes every write slow enough to overlap
// with others, and records what ran at the same time.
type watchedStore struct {
	*memstore.Store
	mu         sync.Mutex
	inflight   map[string][]holder // node or document id -> the writes writing it
	shared     int                 // times a write shared a node with one in flight
	running    int
	maxRunning int
	writes     int
	violations []string
	alone      map[string]bool // documents that must run with nothing else
}

func (s *watchedStore) DocumentFingerprints(ctx context.Context, ids []string) (map[string]string, error) {
	nodes, err := s.Nodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, n := range nodes {
		if n.Label == graph.Document {
			out[n.ID] = n.Props.String(graph.FingerprintProp)
		}
	}
	return out, nil
}

func (s *watchedStore) WriteDocument(ctx context.Context, b graph.DocumentBatch) (graph.WriteStats, error) {
	doc := b.Document.ID
	// Two writes may share a node only if they give it the same label,
	// name and properties (aliases merge in any order).
	keys := map[string]string{doc: doc}
	for _, n := range b.Nodes {
		keys[n.ID] = fmt.Sprintf("%#v %#v %#v", n.Label, n.Name, n.Props)
	}
	s.mu.Lock()
	s.writes++
	s.running++
	s.maxRunning = max(s.maxRunning, s.running)
	if s.alone[doc] && s.running > 1 {
		s.violations = append(s.violations, fmt.Sprintf("%s ran beside another write", doc))
	}
	for _, l := range s.inflight {
		for _, o := range l {
			if s.alone[o.doc] {
				s.violations = append(s.violations, fmt.Sprintf("%s ran beside %s", doc, o.doc))
			}
		}
	}
	for k, c := range keys {
		for _, o := range s.inflight[k] {
			if o.content != c {
				s.violations = append(s.violations, fmt.Sprintf("%s and %s wrote %s at once, differently", o.doc, doc, k))
			}
		}
		s.inflight[k] = append(s.inflight[k], holder{doc, c})
		if len(s.inflight[k]) > 1 {
			s.shared++
		}
	}
	s.mu.Unlock()
	time.Sleep(20 * time.Millisecond)
	st, err := s.Store.WriteDocument(ctx, b)
	s.mu.Lock()
	s.running--
	for k := range keys {
		l := s.inflight[k]
		for i, o := range l {
			if o.doc == doc {
				l = append(l[:i], l[i+1:]...)
				break
			}
		}
		if len(l) == 0 {
			delete(s.inflight, k)
		} else {
			s.inflight[k] = l
		}
	}
	s.mu.Unlock()
	return st, err
}

type holder struct{ doc, content string }

// TestConcurrentWritesKeepFileOrder: with a store that reads fingerprints
// in bulk, the pipeline writes documents concurrently, never two that
// share a node at once, a replaced document alone, and reports results in
// file order; the graph is the one of a sequential run, and an unchanged
// re-ingest writes nothing.
func TestConcurrentWritesKeepFileOrder(t *testing.T) {
	dir := t.TempDir()
	people := []string{"王建国", "李卫东", "张立新", "刘志强", "陈明华", "赵国庆"}
	var names []string
	for i := 0; i < 24; i++ {
		// Every document names one official of its own and one shared by
		// a few documents, so some writes overlap and some must wait.
		own := fmt.Sprintf("周%s", string(rune('一'+i)))
		shared := people[i%len(people)]
		text := fmt.Sprintf("市人大代表、株洲华宇航空科技公司总经理%s 加快发展低空经济\n\n%s建议,加快建设通用机场,推动低空经济高质量发展。\n\n市政协委员%s建议,支持新能源汽车产业发展。\n", own, own, shared)
		name := fmt.Sprintf("r%02d.txt", i)
		names = append(names, name)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	exportOf := func(s graph.Store) string {
		var b bytes.Buffer
		if err := export.WriteJSONL(ctx, s, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	run := func(s graph.Store, workers int) (ingest.Summary, []string) {
		p, err := ingest.New(s)
		if err != nil {
			t.Fatal(err)
		}
		p.WriteWorkers = workers
		var order []string
		p.OnFile = func(r ingest.FileResult) { order = append(order, filepath.Base(r.Path)) }
		sum, err := p.IngestPaths(ctx, []string{dir})
		if err != nil {
			t.Fatal(err)
		}
		return sum, order
	}

	seq := memstore.New()
	run(seq, 0)
	ws := &watchedStore{Store: memstore.New(), inflight: map[string][]holder{}, alone: map[string]bool{}}
	sum, order := run(ws, 4)
	if sum.Files != len(names) || sum.Failed != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if fmt.Sprint(order) != fmt.Sprint(names) {
		t.Errorf("results reported in order %v, want file order", order)
	}
	if ws.maxRunning < 2 {
		t.Errorf("at most %d writes at once; want concurrent writes", ws.maxRunning)
	}
	if ws.shared == 0 {
		t.Errorf("no two writes shared a node; the corpus should make some")
	}
	if len(ws.violations) > 0 {
		t.Errorf("rules broken: %v", ws.violations)
	}
	if got, want := exportOf(ws), exportOf(seq); got != want {
		t.Errorf("concurrent ingest gave another graph than the sequential one")
	}

	// Unchanged: nothing is written.
	ws.writes = 0
	sum, _ = run(ws, 4)
	if sum.Unchanged != len(names) || ws.writes != 0 {
		t.Errorf("re-ingest: %d of %d unchanged, %d writes; want all unchanged and no write", sum.Unchanged, len(names), ws.writes)
	}

	// A changed document replaces its previous version alone.
	changed := "市人大代表黄立平建议,推动低空经济高质量发展。\n"
	if err := os.WriteFile(filepath.Join(dir, names[5]), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	ws.alone[graph.DocumentID(names[5])] = true
	ws.writes = 0
	run(seq, 0)
	sum, _ = run(ws, 4)
	if ws.writes != 1 || sum.Unchanged != len(names)-1 {
		t.Errorf("changed one document: %d writes, %d unchanged", ws.writes, sum.Unchanged)
	}
	if len(ws.violations) > 0 {
		t.Errorf("rules broken: %v", ws.violations)
	}
	if got, want := exportOf(ws), exportOf(seq); got != want {
		t.Errorf("after the change, the graphs differ")
	}
}
