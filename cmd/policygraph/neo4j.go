package main

import (
	"context"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/neo4jstore"
)

// openNeo4j connects to the configured server; Open creates the
// constraints and indexes idempotently.
func (f *storeFlags) openNeo4j(ctx context.Context) (graph.Store, error) {
	return neo4jstore.Open(ctx, neo4jstore.Config{
		URI: f.neo4jURI, User: f.neo4jUser, Password: f.neo4jPassword, Database: f.neo4jDatabase,
	})
}
