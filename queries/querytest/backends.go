package querytest

import (
	"context"
	"testing"
	"time"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/memstore"
)

// Backend opens an empty store for one test.
type Backend struct {
	Name string
	Open func(t *testing.T) graph.Store
}

// Backends are the stores every API test runs on. The embedded store is
// always there; a file in this package that registers Neo4j from an init
// function (when POLICYGRAPH_TEST_NEO4J_URI is set) adds it to every test:
//
//	func init() { Register(Backend{"neo4j", openNeo4j}) }
var backends = []Backend{{Name: "memstore", Open: func(t *testing.T) graph.Store { return memstore.New() }}}

// Register adds a backend; call it from init.
func Register(b Backend) { backends = append(backends, b) }

// Backends returns the registered backends.
func Backends() []Backend { return append([]Backend(nil), backends...) }

// Loaded opens the backend, writes the fixture and closes the store when
// the test ends.
func Loaded(t *testing.T, b Backend) graph.Store {
	t.Helper()
	s := b.Open(t)
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := Load(ctx, s); err != nil {
		t.Fatalf("%s: %v", b.Name, err)
	}
	return s
}

// ForEach runs fn as a subtest on each backend with the fixture loaded.
func ForEach(t *testing.T, fn func(t *testing.T, s graph.Store)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, Loaded(t, b)) })
	}
}
