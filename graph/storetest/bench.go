package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/policygraph/policygraph/graph"
)

// BenchmarkWrite measures WriteDocument throughput: each iteration writes
// SyntheticCorpus(100, 100) (10,000 entity nodes in 100 documents of 100,
// a fifth of them shared with other documents, and about 21,000
// relationships) into a fresh store from open, and the benchmark reports
// nodes plus relationships written per second as "elems/s". Opening and
// closing the store is not timed.
func BenchmarkWrite(b *testing.B, open func(testing.TB) graph.Store) {
	batches := SyntheticCorpus(100, 100)
	elems := 0
	for _, bt := range batches {
		elems += 1 + len(bt.Nodes) + len(bt.Relationships)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		for _, bt := range batches {
			if _, err := s.WriteDocument(ctx, bt); err != nil {
				b.Fatalf("write %s: %v", bt.Document.ID, err)
			}
		}
		b.StopTimer()
		if err := s.Close(ctx); err != nil {
			b.Fatalf("close: %v", err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(elems)*float64(b.N)/b.Elapsed().Seconds(), "elems/s")
}

// BenchmarkWriteParallel is BenchmarkWrite with the documents written by
// writers goroutines at once (each takes the next document), as the
// ingest pipeline writes to a store that allows it. The documents share
// cities and industries, so writers wait for each other's node locks;
// which one merges first may differ between runs, so only the throughput
// is of interest here (the pipeline orders writes that would merge
// differently).
func BenchmarkWriteParallel(b *testing.B, writers int, open func(testing.TB) graph.Store) {
	batches := SyntheticCorpus(100, 100)
	elems := 0
	for _, bt := range batches {
		elems += 1 + len(bt.Nodes) + len(bt.Relationships)
	}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := open(b)
		b.StartTimer()
		next := make(chan graph.DocumentBatch)
		errs := make(chan error, writers)
		for w := 0; w < writers; w++ {
			go func() {
				var err error
				for bt := range next {
					if _, werr := s.WriteDocument(ctx, bt); werr != nil && err == nil {
						err = fmt.Errorf("write %s: %w", bt.Document.ID, werr)
					}
				}
				errs <- err
			}()
		}
		for _, bt := range batches {
			next <- bt
		}
		close(next)
		for w := 0; w < writers; w++ {
			if err := <-errs; err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		if err := s.Close(ctx); err != nil {
			b.Fatalf("close: %v", err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(elems)*float64(b.N)/b.Elapsed().Seconds(), "elems/s")
}

// SyntheticCorpus builds docs documents of perDoc entity nodes each, the
// same on every call. Per document, a fifth of the nodes are cities and
// industries drawn from pools shared by all documents (so writes merge
// into existing nodes and contend for them); the rest are the document's
// own officials, organisations, proposals and goals. Each document states
// about one fact per node, MENTIONS every node it names, and repeats the
// reference LOCATED_IN chain among its cities.
func SyntheticCorpus(docs, perDoc int) []graph.DocumentBatch {
	const shareEvery = 5 // every fifth node is shared
	shared := max(perDoc/shareEvery, 2)
	pool := shared * 10
	out := make([]graph.DocumentBatch, 0, docs)
	for d := 0; d < docs; d++ {
		src := fmt.Sprintf("synthetic-%04d.txt", d)
		docID := graph.DocumentID(src)
		text := fmt.Sprintf("第%d号报告。", d)
		b := graph.DocumentBatch{
			Document: graph.Node{ID: docID, Label: graph.Document, Name: src,
				Props: graph.Props{"source": src, "text": text, "date": "2025-12-27"}},
		}
		sentence := func(i int) *graph.Evidence {
			s := fmt.Sprintf("第%d号报告第%d句。", d, i)
			return &graph.Evidence{Document: docID, Sentence: s, Start: i * 10, End: i*10 + len([]rune(s)), Headline: "两会特刊"}
		}
		var cities, industries, own []graph.Node
		for i := 0; i < shared; i++ {
			k := (d*7 + i*13) % pool
			if i%2 == 0 {
				cities = append(cities, graph.Node{ID: graph.NodeID(graph.City, fmt.Sprintf("城市%03d", k)), Label: graph.City,
					Name: fmt.Sprintf("城市%03d市", k), Aliases: []string{fmt.Sprintf("城市%03d", k)},
					Props: graph.Props{"code": fmt.Sprintf("43%04d", k), "population": int64(k * 10)}})
			} else {
				industries = append(industries, graph.Node{ID: graph.NodeID(graph.Industry, fmt.Sprintf("产业%03d", k)), Label: graph.Industry,
					Name: fmt.Sprintf("产业%03d", k), Aliases: []string{fmt.Sprintf("产业别名%03d-%d", k, d%3)}})
			}
		}
		labels := []graph.Label{graph.Official, graph.Organization, graph.Proposal, graph.Goal}
		for i := 0; len(own)+shared < perDoc; i++ {
			l := labels[i%len(labels)]
			name := fmt.Sprintf("%s-%04d-%03d", l, d, i)
			own = append(own, graph.Node{ID: graph.NodeID(l, name), Label: l, Name: name})
		}
		b.Nodes = append(append(append(b.Nodes, cities...), industries...), own...)

		var rels []graph.Relationship
		add := func(t graph.RelType, from, to string, props graph.Props, ev *graph.Evidence) {
			title := ""
			if props != nil {
				title = props.String("title")
			}
			doc := ""
			if ev != nil {
				doc = docID
			}
			rels = append(rels, graph.Relationship{ID: graph.RelID(t, from, to, doc, title), Type: t, From: from, To: to, Props: props, Evidence: ev})
		}
		for i, n := range b.Nodes {
			add(graph.Mentions, docID, n.ID, nil, sentence(i))
		}
		for i := 1; i < len(cities); i++ {
			add(graph.LocatedIn, cities[i].ID, cities[0].ID, nil, nil)
		}
		for i, n := range own {
			city := cities[i%len(cities)].ID
			industry := industries[i%len(industries)].ID
			switch n.Label {
			case graph.Official:
				add(graph.HoldsPosition, n.ID, city, graph.Props{"title": "市人大代表"}, sentence(i))
				if i+2 < len(own) {
					add(graph.Proposes, n.ID, own[i+2].ID, nil, sentence(i)) // the proposal two places on
				}
			case graph.Organization:
				add(graph.LocatedIn, n.ID, city, nil, sentence(i))
			case graph.Proposal:
				add(graph.Targets, n.ID, industry, nil, sentence(i))
			case graph.Goal:
				add(graph.AppliesTo, n.ID, city, nil, sentence(i))
			}
		}
		b.Relationships = rels
		out = append(out, b)
	}
	return out
}
