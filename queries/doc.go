// Package queries holds the API's use cases over a graph.Store, free of any
// GraphQL types: the relationship fields each label exposes (Relations), a
// per-request batching Loader that turns many "related nodes of X" lookups
// into one Store.Expand per nesting level, local evaluation of filters and
// sorts with the stores' semantics, officials' positions, evidence lists and
// the speechwriters' CrossReference.
//
// The schema package maps these onto graphql-go; cmd only wires a store in.
package queries
