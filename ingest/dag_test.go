package ingest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policygraph/policygraph/ingest/decode"
	"github.com/policygraph/policygraph/ingest/internal/devcorpus"
)

// TestCutMatchesGse holds the segmenter's own word-graph walk to gse's
// Cut(text, true), word for word: on edge cases, and on every line of every
// dev report and provincial work report.
func TestCutMatchesGse(t *testing.T) {
	seg, err := DefaultSegmenter()
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, text string) {
		t.Helper()
		if got, want := seg.cut(text), seg.seg.Cut(text, true); !slices.Equal(got, want) {
			t.Fatalf("cut(%q)\n got %q\nwant %q", text, got, want)
		}
	}
	for _, text := range []string{
		"", "市", "株洲市人大代表蒋长富建议加快发展硬质材料产业",
		"ABC公司CEO说OK", "2025年GDP增长5.2%", "龘靐齉", "　 ", "😀人工智能+医疗",
		"İstanbul的市长", "宋慧玲委员：加快建设“两型社会”。",
	} {
		t.Run(text, func(t *testing.T) { check(t, text) })
	}
	dev, reports := corpusReports(t)
	files := append(dev, reports...)
	lines := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text, err := decode.Decoder{}.Decode(filepath.Base(f), data)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(text.Normalized, "\n") {
			check(t, line)
			lines++
		}
	}
	if lines < 4000 {
		t.Fatalf("only %d lines compared", lines)
	}
}

// BenchmarkCut compares cut with gse's Cut over the dev corpus's lines:
// go test -run '^$' -bench Cut -cpu 1 ./ingest
func BenchmarkCut(b *testing.B) {
	seg, err := DefaultSegmenter()
	if err != nil {
		b.Fatal(err)
	}
	var lines []string
	files, _ := filepath.Glob(filepath.Join(devcorpus.Dir(b), "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		text, err := decode.Decoder{}.Decode(filepath.Base(f), data)
		if err != nil {
			b.Fatal(err)
		}
		lines = append(lines, strings.Split(text.Normalized, "\n")...)
	}
	for _, c := range []struct {
		name string
		cut  func(string) []string
	}{
		{"index", seg.cut},
		{"gse", func(s string) []string { return seg.seg.Cut(s, true) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				for _, l := range lines {
					c.cut(l)
				}
			}
		})
	}
}
