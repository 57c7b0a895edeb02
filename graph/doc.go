// Package graph is the policy graph's contract in Go: the labels and
// relationship types of docs/ontology.md, nodes and relationships with
// their evidence, stable ids, input validation, and the Store interface that
// every backend implements.
//
// Two stores implement Store: graph/memstore (embedded, optionally persisted
// to a file) and graph/neo4jstore (a Neo4j server over Bolt). Both pass the
// one conformance suite in graph/storetest, so a query answers the same on
// either.
//
// Ownership model. Every relationship that extraction created belongs to one
// document (its Evidence names the document); writing a document replaces
// everything that document owned, in one transaction. Nodes are shared by all
// documents that name them: a write merges them (aliases are unioned) and a
// node left with no relationship at all after a replacement is removed.
// Relationships without evidence are reference facts (a gazetteer's
// 醴陵市 → 株洲市): merged, never owned, never removed by a replacement.
package graph
