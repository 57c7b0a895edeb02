package memstore_test

import (
	"testing"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
	"github.com/policygraph/policygraph/graph/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store { return memstore.New() })
}

func TestConformancePersisted(t *testing.T) {
	storetest.Run(t, func(t *testing.T) graph.Store {
		s, err := memstore.Open(memstore.Options{DataDir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func BenchmarkWrite(b *testing.B) {
	storetest.BenchmarkWrite(b, func(testing.TB) graph.Store { return memstore.New() })
}

// BenchmarkWritePersisted is BenchmarkWrite with a data directory: every
// document waits for its log record's fdatasync.
func BenchmarkWritePersisted(b *testing.B) {
	storetest.BenchmarkWrite(b, func(tb testing.TB) graph.Store {
		s, err := memstore.Open(memstore.Options{DataDir: b.TempDir()})
		if err != nil {
			tb.Fatal(err)
		}
		return s
	})
}
