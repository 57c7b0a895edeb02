// Package ingesttest gives tests the dev corpus: where it is, and a store
// with it ingested. The corpus is third-party text kept outside the
// repository (../shared/corpus/dev), so tests read it from there.
package ingesttest

import (
	"context"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest"
	"github.com/policygraph/policygraph/ingest/internal/devcorpus"
)

// DevCorpus returns the dev corpus folder: $POLICYGRAPH_DEV_CORPUS, or
// ../shared/corpus/dev beside the repository. Without it the test skips,
// except in CI (env CI set), where it fails: CI must never skip scoring.
func DevCorpus(tb testing.TB) string { return devcorpus.Dir(tb) }

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
