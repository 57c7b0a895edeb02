package ingest_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/ingest/ingesttest"
)

// devTexts reads the dev corpus reports (*.txt) and returns their names,
// contents and total size in bytes.
func devTexts(b *testing.B) (names []string, texts [][]byte, total int64) {
	b.Helper()
	dir := ingesttest.DevCorpus(b)
	files, err := ingest.Files([]string{dir})
	if err != nil {
		b.Fatal(err)
	}
	if len(files) == 0 {
		b.Fatalf("no *.txt in %s", dir)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		names = append(names, filepath.Base(f))
		texts = append(texts, data)
		total += int64(len(data))
	}
	return names, texts, total
}

// BenchmarkAnalyze measures text throughput of decode → layout → split →
// extract → resolve, with no store, over the dev corpus on one goroutine:
// one op analyses every report once, and MB/s is that text's size (issue 3
// asks for at least 1 MB/s on one core: go test -run '^$' -bench Analyze
// -cpu 1 ./ingest). Loading the segmenter's dictionaries is one-off work,
// done before timing.
func BenchmarkAnalyze(b *testing.B) {
	names, texts, total := devTexts(b)
	p, err := ingest.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	// Warm up: the lexicons, gazetteer and t2s tables load lazily once.
	for i := range texts {
		if _, _, err := p.Analyze(names[i], texts[i], nil); err != nil {
			b.Fatalf("%s: %v", names[i], err)
		}
	}
	b.SetBytes(total)
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		for i := range texts {
			if _, _, err := p.Analyze(names[i], texts[i], nil); err != nil {
				b.Fatalf("%s: %v", names[i], err)
			}
			docs++
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkIngestMemstore measures the whole ingest of the dev corpus
// folder (read, analyse, write) into a fresh embedded store per op, with
// one worker and with the default (one per CPU).
func BenchmarkIngestMemstore(b *testing.B) {
	dir := ingesttest.DevCorpus(b)
	_, texts, total := devTexts(b)
	if _, err := ingest.DefaultSegmenter(); err != nil { // one-off dictionary load
		b.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		workers int
	}{{"workers=1", 1}, {"workers=default", 0}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(total)
			b.ReportAllocs()
			docs := 0
			for b.Loop() {
				p, err := ingest.New(memstore.New())
				if err != nil {
					b.Fatal(err)
				}
				p.Workers = c.workers
				sum, err := p.IngestPaths(context.Background(), []string{dir})
				if err != nil {
					b.Fatal(err)
				}
				if sum.Files != len(texts) || sum.Unchanged != 0 {
					b.Fatalf("summary %+v, want %d new files", sum, len(texts))
				}
				docs += sum.Files
			}
			b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}

// BenchmarkDocument analyses each dev corpus report on its own (no store),
// to show which documents, and which sizes, cost the most per byte.
func BenchmarkDocument(b *testing.B) {
	names, texts, _ := devTexts(b)
	p, err := ingest.New(nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := range texts {
		b.Run(names[i], func(b *testing.B) {
			if _, _, err := p.Analyze(names[i], texts[i], nil); err != nil { // warm-up
				b.Fatal(err)
			}
			b.SetBytes(int64(len(texts[i])))
			for b.Loop() {
				if _, _, err := p.Analyze(names[i], texts[i], nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSegment cuts the dev corpus once with the segmenter (gse and
// the lexicons), line by line: the cost of segmenting every sentence once,
// a floor for BenchmarkAnalyze, which segments some sentences several times.
func BenchmarkSegment(b *testing.B) {
	_, texts, total := devTexts(b)
	seg, err := ingest.DefaultSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	var lines []string
	for _, t := range texts {
		lines = append(lines, strings.Split(string(t), "\n")...)
	}
	b.SetBytes(total)
	for b.Loop() {
		for _, l := range lines {
			seg.Cut(l)
		}
	}
}
