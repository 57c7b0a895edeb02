// Package ingesttest gives tests the dev corpus: where it is, and a store
// with it ingested. The corpus is third-party text kept outside the
// repository (../shared/corpus/dev), so tests read it from there.
package ingesttest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
)

// DevCorpus returns the dev corpus folder: $POLICYGRAPH_DEV_CORPUS, or
// ../shared/corpus/dev beside the repository. Without it the test skips,
// except in CI (env CI set), where it fails: CI must never skip scoring.
func DevCorpus(tb testing.TB) string {
	tb.Helper()
	dirs := []string{os.Getenv("POLICYGRAPH_DEV_CORPUS")}
	if wd, err := os.Getwd(); err == nil {
		// Walk up from the package to the repository's parent.
		for d := wd; d != filepath.Dir(d); d = filepath.Dir(d) {
			dirs = append(dirs, filepath.Join(d, "shared", "corpus", "dev"))
		}
	}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "000_e809176d26951911.gold.json")); err == nil {
			abs, _ := filepath.Abs(d)
			return abs
		}
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("dev corpus not found (set POLICYGRAPH_DEV_CORPUS); tests that need it must run in CI")
	}
	tb.Skip("dev corpus not found; set POLICYGRAPH_DEV_CORPUS")
	return ""
}

// Ingest ingests dir into s and returns the run's summary.
func Ingest(tb testing.TB, s graph.Store, dir string) ingest.Summary {
	tb.Helper()
	p, err := ingest.New(s)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	sum, err := p.IngestPaths(ctx, []string{dir})
	if err != nil {
		tb.Fatalf("ingest %s: %v", dir, err)
	}
	return sum
}
