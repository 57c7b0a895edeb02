package main

import (
	"context"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/neo4jstore"
)

// openNeo4j connects to the configured server; Open creates the
// constraints and indexes idempotently. The store's view of the server
// going and coming back is logged, with the driver's error.
func (f *storeFlags) openNeo4j(ctx context.Context, log zerolog.Logger) (graph.Store, error) {
	return neo4jstore.Open(ctx, neo4jstore.Config{
		URI: f.neo4jURI, User: f.neo4jUser, Password: f.neo4jPassword, Database: f.neo4jDatabase,
		OnHealthChange: func(h graph.Health) {
			if h.Available {
				log.Info().Str("uri", f.neo4jURI).Msg("Neo4j answers again")
				return
			}
			log.Error().Err(h.Err).Str("uri", f.neo4jURI).Str("reason", h.Reason).Msg("Neo4j unavailable: queries are refused until it answers")
		},
	})
}
