// Package schema serves the policy graph over GraphQL: the graphql-go
// schema (a type per label implementing Node, Relay connections with
// `where` and `sort`, search, neighbourhoods, paths, crossReference, stats
// and, behind a token, ingestDocument), the GraphQL-over-HTTP handler with
// its limits and error masking, the committed SDL, the GraphiQL page and the
// Prometheus collectors. Traversal logic lives in ../queries; this package
// maps it onto GraphQL and HTTP.
package schema

import (
	"context"
	"errors"
	"time"

	"github.com/rs/zerolog"

	"github.com/policygraph/policygraph/graph"
)

// Config configures NewHandler.
type Config struct {
	// Store answers every query (memstore or neo4jstore).
	Store graph.Store
	// Introspection allows __schema and __type queries (GraphiQL needs them).
	Introspection bool
	// MutationToken, when set, adds the Mutation type; a mutation must then
	// carry "Authorization: Bearer <token>". Empty: no mutations at all.
	MutationToken string
	// Ingest runs ingestDocument; required when MutationToken is set. It is
	// a function so that this package does not depend on ingest.
	Ingest IngestFunc
	// Limits bound each request; zero fields take the defaults.
	Limits Limits
	// Logger receives internal errors (with request ids) and one access line
	// per request.
	Logger zerolog.Logger
}

// IngestFunc ingests one report: its text, the source file name and
// free-form metadata (newspaper, date, url...).
type IngestFunc func(ctx context.Context, text, source string, metadata map[string]string) (IngestSummary, error)

// IngestSummary is what ingestDocument returns.
type IngestSummary struct {
	Document      string // the Document node id
	Nodes         int    // nodes written (created or merged), the Document included
	Relationships int
	Replaced      int  // relationships of the previous version removed
	Unchanged     bool // the same content was already in the graph
	Labels        map[graph.Label]int
	Warnings      []string
}

// Limits bound what one request may cost. The counts that bound parsing
// and validation (size, tokens, nesting, fragment cycles, selections after
// expanding fragments, aliases, depth, literal arguments) are checked
// before graphql-go validates the document, because its validation is
// where the cost is (and a fragment cycle overflows its stack); the rest
// (variables, complexity) right after, and all before any store work.
type Limits struct {
	MaxDepth       int           // nesting of object fields; connection plumbing (edges, node, nodes, pageInfo) does not count. Default 8.
	MaxComplexity  int           // estimated objects resolved; lists count `first`/`limit`/`k` times. Default 100,000.
	MaxFirst       int           // largest `first` (and `nodes(ids)` length, `evidence(first)`, search `first`). Default 100.
	MaxAliases     int           // aliased fields in a document. Default 30.
	MaxBodyBytes   int64         // request body (and GET query string). Default 1 MiB.
	Timeout        time.Duration // per request, through the context the store calls honour. Default 10s.
	MaxGraphNodes  int           // largest neighborhood `limit`. Default 500.
	MaxHops        int           // largest neighborhood `depth` and path `maxDepth`. Default 6.
	MaxPaths       int           // largest paths `k`. Default 10.
	MaxTokens      int           // lexical tokens in the query text (names, punctuation, values). Default 5,000.
	MaxNesting     int           // brackets ({, [, ( ) open at once in the query text. Default 64.
	MaxQueryBytes  int           // the query text (variables may fill the rest of the body). Default 32 KiB.
	MaxLineBytes   int           // bytes in a row without a space or line break (a long string literal, a query without spaces). Default 1 KiB. Requests bearing the mutation token are exempt from both (a report inlined in ingestDocument).
	MaxSelections  int           // fields, fragment spreads and inline fragments of the operations, each spread counted as the selections it expands to (and of fragments no operation uses). Default 500.
	MaxRepeats     int           // fields with one response name in one selection set, inline fragments and spreads merged in. Default 16.
	MaxStringBytes int           // any string argument, literal or variable (not ingestDocument's text). Default 10 KiB.
	MaxSearchRunes int           // search `query` and crossReference `topic`, in characters. Default 200.
	MaxListItems   int           // any list argument (ids, labels, in, AND, OR, ...). Default 100.
	MaxFilterTerms int           // where terms in a request: input fields set and list values, at any depth. Default 100.
}

// DefaultLimits are the limits of a zero Limits.
var DefaultLimits = Limits{MaxDepth: 8, MaxComplexity: 100_000, MaxFirst: 100, MaxAliases: 30,
	MaxBodyBytes: 1 << 20, Timeout: 10 * time.Second, MaxGraphNodes: 500, MaxHops: 6, MaxPaths: 10,
	MaxTokens: 5_000, MaxNesting: 64, MaxQueryBytes: 32 << 10, MaxLineBytes: 1 << 10, MaxSelections: 500, MaxRepeats: 16, MaxStringBytes: 10 << 10, MaxSearchRunes: 200,
	MaxListItems: 100, MaxFilterTerms: 100}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	if l.MaxComplexity > 0 {
		d.MaxComplexity = l.MaxComplexity
	}
	if l.MaxFirst > 0 {
		d.MaxFirst = l.MaxFirst
	}
	if l.MaxAliases > 0 {
		d.MaxAliases = l.MaxAliases
	}
	if l.MaxBodyBytes > 0 {
		d.MaxBodyBytes = l.MaxBodyBytes
	}
	if l.Timeout > 0 {
		d.Timeout = l.Timeout
	}
	if l.MaxGraphNodes > 0 {
		d.MaxGraphNodes = l.MaxGraphNodes
	}
	if l.MaxHops > 0 {
		d.MaxHops = l.MaxHops
	}
	if l.MaxPaths > 0 {
		d.MaxPaths = l.MaxPaths
	}
	for _, f := range []struct{ from, to *int }{
		{&l.MaxTokens, &d.MaxTokens}, {&l.MaxNesting, &d.MaxNesting}, {&l.MaxQueryBytes, &d.MaxQueryBytes}, {&l.MaxLineBytes, &d.MaxLineBytes}, {&l.MaxSelections, &d.MaxSelections}, {&l.MaxRepeats, &d.MaxRepeats},
		{&l.MaxStringBytes, &d.MaxStringBytes}, {&l.MaxSearchRunes, &d.MaxSearchRunes},
		{&l.MaxListItems, &d.MaxListItems}, {&l.MaxFilterTerms, &d.MaxFilterTerms},
	} {
		if *f.from > 0 {
			*f.to = *f.from
		}
	}
	return d
}

func (c Config) check() error {
	if c.Store == nil {
		return errors.New("schema: Config.Store is nil")
	}
	if c.MutationToken != "" && c.Ingest == nil {
		return errors.New("schema: Config.MutationToken is set but Config.Ingest is nil")
	}
	return nil
}
