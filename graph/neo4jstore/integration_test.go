package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/graph/storetest"
)

// TestSearchFetchesAllCandidates guards against a silent cap on full-text
// results: a query that hundreds of nodes and sentences match must rank
// all of them, as memstore does.
func TestSearchFetchesAllCandidates(t *testing.T) {
	neo := openEmpty(t)
	defer neo.Close(context.Background())
	mem := memstore.New()
	ctx := context.Background()
	docID := graph.DocumentID("many.txt")
	b := graph.DocumentBatch{Document: graph.Node{ID: docID, Label: graph.Document, Name: "many.txt"}}
	const n = 600
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("产业链%03d", i)
		if i%2 == 1 {
			name = fmt.Sprintf("第%03d号", i) // found through its sentence only
		}
		id := graph.NodeID(graph.Industry, name)
		b.Nodes = append(b.Nodes, graph.Node{ID: id, Label: graph.Industry, Name: name})
		s := fmt.Sprintf("发展%s的产业链。", name)
		b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(graph.Mentions, docID, id, docID, ""),
			Type: graph.Mentions, From: docID, To: id, Evidence: &graph.Evidence{Document: docID, Sentence: s, Start: i, End: i + len([]rune(s))}})
	}
	for _, s := range []graph.Store{neo, mem} {
		if _, err := s.WriteDocument(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []graph.SearchQuery{{Text: "产业链"}, {Text: "产业链", Limit: 550}, {Text: "的产业"}} {
		want, err := mem.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := neo.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) < 500 || !reflect.DeepEqual(got, want) {
			t.Errorf("search %+v: neo4j %d hits, memstore %d (equal: %v)", q, len(got), len(want), reflect.DeepEqual(got, want))
		}
	}
}

// TestConcurrentReplacements has writers replace and delete overlapping
// documents at once. Shared nodes are merged, orphaned ones collected and
// locks taken in conflicting orders; the driver must retry what deadlocks,
// and the end state must be exactly the last versions' facts.
func TestConcurrentReplacements(t *testing.T) {
	neo := openEmpty(t)
	defer neo.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	full := storetest.SyntheticCorpus(16, 30)
	half := make([]graph.DocumentBatch, len(full))
	for i, b := range full {
		h := b
		h.Nodes = b.Nodes[len(b.Nodes)/2:] // keep the own nodes, drop the shared ones
		keep := map[string]bool{b.Document.ID: true}
		for _, n := range h.Nodes {
			keep[n.ID] = true
		}
		h.Relationships = nil
		for _, r := range b.Relationships {
			if keep[r.From] && keep[r.To] {
				h.Relationships = append(h.Relationships, r)
			}
		}
		half[i] = h
	}
	// Each worker owns some documents and cycles them through full, half,
	// deleted and full again; documents of different workers share nodes.
	var wg sync.WaitGroup
	errs := make(chan error, len(full))
	const workers = 4
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				for i := w; i < len(full); i += workers {
					steps := []func() error{
						func() error { _, err := neo.WriteDocument(ctx, full[i]); return err },
						func() error { _, err := neo.WriteDocument(ctx, half[i]); return err },
						func() error { return neo.DeleteDocument(ctx, full[i].Document.ID) },
						func() error { _, err := neo.WriteDocument(ctx, full[i]); return err },
					}
					for _, step := range steps {
						if err := step(); err != nil {
							errs <- err
							return
						}
					}
				}
			}
			// Leave odd documents in their half version.
			for i := w; i < len(full); i += workers {
				if i%2 == 1 {
					if _, err := neo.WriteDocument(ctx, half[i]); err != nil {
						errs <- err
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent write: %v", err)
	}
	// Reference facts are never owned, so those of every version ever
	// written stay, and an entity goes exactly when it loses its last
	// relationship: the end state depends on which versions were written,
	// not on how the writers interleaved. Replay the same per-document
	// sequences one by one into memstore and compare.
	mem := memstore.New()
	for i := range full {
		for round := 0; round < 3; round++ {
			for _, b := range []graph.DocumentBatch{full[i], half[i]} {
				if _, err := mem.WriteDocument(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			if err := mem.DeleteDocument(ctx, full[i].Document.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := mem.WriteDocument(ctx, full[i]); err != nil {
				t.Fatal(err)
			}
		}
		if i%2 == 1 {
			if _, err := mem.WriteDocument(ctx, half[i]); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, want := skeleton(t, neo), skeleton(t, mem)
	for _, line := range diffLines(got, want) {
		t.Error(line)
	}
}

// diffLines lists what only one of two sorted lists has.
func diffLines(got, want []string) []string {
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range list {
			m[s] = true
		}
		return m
	}
	g, w := in(got), in(want)
	var out []string
	for _, s := range got {
		if !w[s] {
			out = append(out, "only in neo4j:    "+s)
		}
	}
	for _, s := range want {
		if !g[s] {
			out = append(out, "only in memstore: "+s)
		}
	}
	return out
}

// skeleton lists node ids and relationship facts.
func skeleton(t *testing.T, s graph.Store) []string {
	t.Helper()
	var out []string
	err := s.Scan(context.Background(), func(n graph.Node) error {
		out = append(out, "N "+n.ID)
		return nil
	}, func(r graph.Relationship) error {
		out = append(out, fmt.Sprintf("R %s %s %s->%s %v", r.ID, r.Type, r.From, r.To, r.Evidence))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestMigrate(t *testing.T) {
	s := openEmpty(t)
	defer s.Close(context.Background())
	ctx := context.Background()
	// Idempotent: a second run finds everything and changes nothing.
	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("second migrate: %v", err)
	}
	type index struct {
		kind, state string
		analyzer    any
	}
	got := map[string]index{}
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		return run(ctx, tx, "SHOW INDEXES YIELD name, type, state, options WHERE name STARTS WITH 'pg_' RETURN name, type, state, options.indexConfig['fulltext.analyzer']", nil, func(rec *neo4j.Record) error {
			got[rec.Values[0].(string)] = index{rec.Values[1].(string), rec.Values[2].(string), rec.Values[3]}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range schema() {
		ix, ok := got[it.name]
		if !ok {
			t.Errorf("index %s missing", it.name)
			continue
		}
		if ix.state != "ONLINE" {
			t.Errorf("index %s is %s", it.name, ix.state)
		}
		if it.fulltext && (ix.kind != "FULLTEXT" || ix.analyzer != fulltextAnalyzer) {
			t.Errorf("index %s: %s with analyzer %v", it.name, ix.kind, ix.analyzer)
		}
	}
	if len(got) != len(schema()) {
		t.Errorf("%d pg_ indexes, want %d", len(got), len(schema()))
	}
}

// TestStorageMapping checks what other tools (exports, Cypher users) see:
// the shared label next to the domain label, evidence as flat properties,
// and that reads never show the store's own properties.
func TestStorageMapping(t *testing.T) {
	s := openEmpty(t)
	defer s.Close(context.Background())
	ctx := context.Background()
	b := edgeBatch(1)
	if _, err := s.WriteDocument(ctx, b); err != nil {
		t.Fatal(err)
	}
	var labels []any
	var props map[string]any
	err := s.read(ctx, func(tx neo4j.ManagedTransaction) error {
		return run(ctx, tx, "MATCH (n {id: $id}) RETURN labels(n), properties(n)", map[string]any{"id": b.Nodes[1].ID}, func(rec *neo4j.Record) error {
			labels, props = rec.Values[0].([]any), rec.Values[1].(map[string]any)
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i].(string) < labels[j].(string) })
	if !reflect.DeepEqual(labels, []any{entityLabel, "Organization"}) {
		t.Errorf("labels %v", labels)
	}
	if props[propSearch] != "abc科技公司\nabc\nabc科技" {
		t.Errorf("%s = %q", propSearch, props[propSearch])
	}
	err = s.Scan(ctx, func(n graph.Node) error {
		for k := range n.Props {
			if len(k) > 3 && k[:3] == hiddenPrefix {
				t.Errorf("node %s shows %s", n.ID, k)
			}
		}
		return nil
	}, func(r graph.Relationship) error {
		for k := range r.Props {
			if relKeys[k] || len(k) > 3 && k[:3] == hiddenPrefix {
				t.Errorf("relationship %s shows %s", r.ID, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFailures(t *testing.T) {
	cfg := testConfig(t)
	ctx := context.Background()

	bad := cfg
	bad.URI = "bolt://127.0.0.1:1"
	if _, err := Open(ctx, bad); err == nil {
		t.Error("open on a closed port succeeded")
	}
	if _, err := Open(ctx, Config{}); err == nil {
		t.Error("open without a URI succeeded")
	}

	s := openEmpty(t)
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping: %v", err)
	}
	past, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
	defer cancel()
	if _, err := s.Stats(past); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("stats past the deadline: %v", err)
	}
	// A query that would run for many seconds stops at the caller's
	// deadline (the server gets it as the transaction timeout).
	short, cancelShort := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancelShort()
	start := time.Now()
	err := s.read(short, func(tx neo4j.ManagedTransaction) error {
		return run(short, tx, "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(*)", nil, nil)
	})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("slow query with a 300ms deadline: %v after %v", err, time.Since(start))
	}
	if err := s.Ping(ctx); err != nil {
		t.Errorf("ping after a timed-out query: %v", err)
	}
	if err := s.DeleteDocument(ctx, "document:nothing"); err != nil {
		t.Errorf("deleting a missing document: %v", err)
	}
	if err := s.Close(ctx); err != nil {
		t.Errorf("close: %v", err)
	}
	if err := s.Ping(ctx); err == nil {
		t.Error("ping after close succeeded")
	}
}

// TestCollectionRaces races a write that merges into a node against the
// write whose garbage collection deletes that node, and a rewrite of a
// document against its deletion. The losing transaction waits for the
// winner's locks and then finds the node or document gone; it must
// recreate it rather than fail or lose it.
func TestCollectionRaces(t *testing.T) {
	s := openEmpty(t)
	defer s.Close(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	x := graph.Node{ID: graph.NodeID(graph.Industry, "共享产业"), Label: graph.Industry, Name: "共享产业"}
	batch := func(doc string, withX bool, version int) graph.DocumentBatch {
		id := graph.DocumentID(doc)
		own := graph.Node{ID: graph.NodeID(graph.Official, doc), Label: graph.Official, Name: "官员" + doc}
		b := graph.DocumentBatch{
			Document: graph.Node{ID: id, Label: graph.Document, Name: doc, Props: graph.Props{"version": int64(version)}},
			Nodes:    []graph.Node{own},
		}
		mention := func(to string) graph.Relationship {
			return graph.Relationship{ID: graph.RelID(graph.Mentions, id, to, id, ""), Type: graph.Mentions, From: id, To: to,
				Evidence: &graph.Evidence{Document: id, Sentence: "提到" + to}}
		}
		b.Relationships = []graph.Relationship{mention(own.ID)}
		if withX {
			b.Nodes = append(b.Nodes, x)
			b.Relationships = append(b.Relationships, mention(x.ID))
		}
		return b
	}
	concurrently := func(fs ...func() error) []error {
		var wg sync.WaitGroup
		errs := make([]error, len(fs))
		for i, f := range fs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = f() }()
		}
		wg.Wait()
		return errs
	}
	docA, docB := graph.DocumentID("a.txt"), graph.DocumentID("b.txt")
	for i := 0; i < 60; i++ {
		// a.txt drops x (collecting it) while b.txt merges into x.
		if _, err := s.WriteDocument(ctx, batch("a.txt", true, i)); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteDocument(ctx, docB); err != nil {
			t.Fatal(err)
		}
		for _, err := range concurrently(
			func() error { _, err := s.WriteDocument(ctx, batch("a.txt", false, i)); return err },
			func() error { _, err := s.WriteDocument(ctx, batch("b.txt", true, i)); return err },
		) {
			if err != nil {
				t.Errorf("round %d, collection against merge: %v", i, err)
			}
		}
		if ns, err := s.Nodes(ctx, []string{x.ID}); err != nil || len(ns) != 1 {
			t.Errorf("round %d: the node b.txt names is gone (%v)", i, err)
		}
		// a.txt is deleted while being rewritten: either order is fine.
		for _, err := range concurrently(
			func() error { return s.DeleteDocument(ctx, docA) },
			func() error { _, err := s.WriteDocument(ctx, batch("a.txt", i%2 == 0, 1000+i)); return err },
		) {
			if err != nil {
				t.Errorf("round %d, delete against rewrite: %v", i, err)
			}
		}
		docs, err := s.Nodes(ctx, []string{docA})
		if err != nil {
			t.Fatal(err)
		}
		if len(docs) == 1 && docs[0].Props["version"] != int64(1000+i) {
			t.Errorf("round %d: a.txt is version %v", i, docs[0].Props["version"])
		}
		if t.Failed() {
			return
		}
	}
}

// TestLongSearch sends searches far longer than anyone types. Lucene does
// not stop a phrase of 100,000 bigrams at the transaction timeout: it
// went on for seconds after the caller's deadline, still listed by SHOW
// TRANSACTIONS. The store must answer such a search, as memstore does,
// well within the deadline and leave nothing running.
func TestLongSearch(t *testing.T) {
	neo := openEmpty(t)
	defer neo.Close(context.Background())
	mem := memstore.New()
	docID := graph.DocumentID("long.txt")
	b := graph.DocumentBatch{Document: graph.Node{ID: docID, Label: graph.Document, Name: "long.txt"}}
	for i := 0; i < 300; i++ {
		name := fmt.Sprintf("株洲产业链%03d", i)
		id := graph.NodeID(graph.Industry, name)
		b.Nodes = append(b.Nodes, graph.Node{ID: id, Label: graph.Industry, Name: name})
		s := fmt.Sprintf("株洲1醴陵2湘潭3长沙4衡阳%03d，株洲株洲发展%s。", i, name)
		b.Relationships = append(b.Relationships, graph.Relationship{ID: graph.RelID(graph.Mentions, docID, id, docID, ""),
			Type: graph.Mentions, From: docID, To: id, Evidence: &graph.Evidence{Document: docID, Sentence: s, Start: 0, End: len([]rune(s))}})
	}
	for _, s := range []graph.Store{neo, mem} {
		if _, err := s.WriteDocument(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		strings.Repeat("株洲", 100_000), // 600 KB, one run
		"株洲1醴陵2湘潭3长沙4衡阳007，株洲株洲",      // more runs than are sent to Lucene; one sentence has them all
		strings.Repeat("株洲发展产业链，", 2000),
	} {
		want, err := mem.Search(context.Background(), graph.SearchQuery{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		got, err := neo.Search(ctx, graph.SearchQuery{Text: q})
		cancel()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("search of %d characters: %d hits, %v; memstore has %d", utf8.RuneCountInString(q), len(got), err, len(want))
		}
		if txs := serverTransactions(t, neo); len(txs) > 0 {
			t.Errorf("search of %d characters left transactions on the server: %v", utf8.RuneCountInString(q), txs)
		}
	}
}

// serverTransactions lists the transactions the server is running, but
// the one listing them.
func serverTransactions(t *testing.T, s *Store) []string {
	t.Helper()
	ctx := context.Background()
	sess := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: "system"})
	defer sess.Close(ctx)
	// The store's own health probe (RETURN 1, every second) is not a search
	// left behind.
	res, err := sess.Run(ctx, "SHOW TRANSACTIONS YIELD currentQuery, status WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' AND currentQuery <> 'RETURN 1' RETURN left(currentQuery, 80) + ' (' + status + ')'", nil)
	if err != nil {
		t.Fatalf("show transactions: %v", err)
	}
	var out []string
	for res.Next(ctx) {
		s, _ := res.Record().Values[0].(string)
		out = append(out, s)
	}
	if err := res.Err(); err != nil {
		t.Fatalf("show transactions: %v", err)
	}
	return out
}
