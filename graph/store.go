package graph

import (
	"context"
)

// Store is the graph database behind the service. Every method honours its
// context's deadline and cancellation. Results are deterministic: the same
// graph and query give the same answer, in the same order, on every store.
type Store interface {
	// WriteDocument replaces everything the document owned with the batch,
	// in one transaction: on error nothing of the batch is written and the
	// previous version of the document is intact; on success the write is
	// durable (it survives a crash of the process right after).
	WriteDocument(ctx context.Context, b DocumentBatch) (WriteStats, error)
	// DeleteDocument removes a document, the facts it owned and the nodes
	// left without any relationship. Deleting a missing document is not an
	// error.
	DeleteDocument(ctx context.Context, id string) error

	// Nodes returns the nodes with the given ids, in the order asked,
	// skipping ids that do not exist.
	Nodes(ctx context.Context, ids []string) ([]Node, error)
	// FindNodes returns one page of the nodes matching q and the total count.
	FindNodes(ctx context.Context, q NodeQuery) (NodePage, error)
	// Aggregate counts the nodes matching q, and how many fall in each
	// of q.By's groups, in SortGroups order.
	Aggregate(ctx context.Context, q AggregateQuery) (Aggregate, error)
	// Expand returns the relationships touching the given nodes (one round
	// trip for a whole set, so API resolvers can batch) together with the
	// nodes at their other ends.
	Expand(ctx context.Context, q ExpandQuery) (Subgraph, error)
	// Neighborhood returns the subgraph around a node; see NeighborhoodQuery.
	Neighborhood(ctx context.Context, q NeighborhoodQuery) (Subgraph, error)
	// ShortestPath returns the first shortest path in PathQuery order, or
	// nil when the nodes are not connected within MaxDepth.
	ShortestPath(ctx context.Context, q PathQuery) (*Path, error)
	// Paths returns up to q.K simple paths, shortest first; see PathQuery.
	Paths(ctx context.Context, q PathQuery) ([]Path, error)
	// Search finds nodes whose name, aliases or evidence sentences contain
	// the query text; see SearchQuery for matching and ranking.
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
	// Stats counts nodes by label and relationships by type.
	Stats(ctx context.Context) (Stats, error)
	// Scan calls node for every node (by id) then rel for every
	// relationship (by id); used by exports.
	Scan(ctx context.Context, node func(Node) error, rel func(Relationship) error) error

	// Ping checks that the store can answer (for /readyz).
	Ping(ctx context.Context) error
	// Close releases the store. Writes are durable when they return, on
	// every store, so Close has nothing of them left to save.
	Close(ctx context.Context) error
}

// FingerprintReader is implemented by stores that can read many
// documents' fingerprints (FingerprintProp) in one round trip. The ingest
// pipeline uses it to skip unchanged documents without a write and to
// write the others concurrently where that cannot change the result.
type FingerprintReader interface {
	// DocumentFingerprints returns, for each id that is a stored document,
	// its fingerprint; ids of no document are absent from the map.
	DocumentFingerprints(ctx context.Context, ids []string) (map[string]string, error)
}

// WriteStats says what a WriteDocument did.
type WriteStats struct {
	Nodes         int // nodes in the batch (created or merged)
	Relationships int // relationships in the batch
	Replaced      int // relationships of the previous version removed
	Unchanged     bool
}

// Direction of a relationship relative to a node.
type Direction string

// Directions. Both matches either way round.
const (
	Out  Direction = "OUT"
	In   Direction = "IN"
	Both Direction = "BOTH"
)

// NodeQuery selects nodes.
type NodeQuery struct {
	Labels []Label // any of these; empty means all labels
	Where  *Filter
	Sort   []SortKey // applied in order, then by id
	Offset int
	Limit  int // 0 means no limit
	// SkipTotal says the caller does not read NodePage.Total: it is left
	// 0, and a store need not count the matches.
	SkipTotal bool
}

// SortKey orders by a field: "id", "name" or a property name. Missing
// values sort last ascending and first descending, as in Cypher.
type SortKey struct {
	Field string
	Desc  bool
}

// NodePage is one page of a NodeQuery.
type NodePage struct {
	Nodes []Node
	Total int // matches before Offset/Limit
}

// ExpandQuery selects the relationships touching a set of nodes.
type ExpandQuery struct {
	IDs         []string
	Direction   Direction // relative to IDs; "" means Both
	Types       []RelType // empty means all
	OtherLabels []Label   // labels allowed at the other end; empty means all
	Document    string    // only relationships whose evidence cites this document
	// Parts, when not empty, replaces Direction, Types and OtherLabels: the
	// answer is the union of the answers for each part's direction, types
	// and labels (with the same IDs and Document), in one round trip. A
	// resolver batch asks for the outgoing and the incoming fields of one
	// level this way, so that no part walks the other's relationships.
	Parts []ExpandPart

	// OmitNodeProps leaves the Props of the other nodes out (nil): they
	// come with ID, Label, Name and Aliases only, for callers that read
	// nothing else of them.
	OmitNodeProps bool
	// OmitRelProps leaves the Props and Evidence of the relationships out
	// (nil): they come with ID, Type, From and To only.
	OmitRelProps bool
}

// ExpandPart is one direction, type set and label set of an ExpandQuery.
type ExpandPart struct {
	Direction   Direction // relative to IDs; "" means Both
	Types       []RelType // empty means all
	OtherLabels []Label   // empty means all
}

// ExpandParts returns the parts q asks for: q.Parts, or q's own
// Direction, Types and OtherLabels as the only part.
func (q ExpandQuery) ExpandParts() []ExpandPart {
	if len(q.Parts) > 0 {
		return q.Parts
	}
	return []ExpandPart{{Direction: q.Direction, Types: q.Types, OtherLabels: q.OtherLabels}}
}

// Lean returns the parts of n and r that an ExpandQuery with omit flags
// returns: stores apply it so that they agree exactly.
func (q ExpandQuery) Lean(n *Node, r *Relationship) {
	if n != nil && q.OmitNodeProps {
		n.Props = nil
	}
	if r != nil && q.OmitRelProps {
		r.Props, r.Evidence = nil, nil
	}
}

// Subgraph is a set of nodes and the relationships among or reaching them.
// Nodes and Relationships are sorted by id unless a query says otherwise.
type Subgraph struct {
	Nodes         []Node
	Relationships []Relationship
	Truncated     bool // a limit cut the result
}

// NeighborhoodQuery describes a breadth-first neighbourhood. The start node
// is always included; other nodes are included when their label is in
// Labels (empty means all) and they are reachable within Depth hops over
// relationships of Types (empty means all, either direction) through
// included nodes only. Nodes are ordered by hop distance, then id, and cut
// at Limit (Truncated tells). Relationships are all those of Types among the
// returned nodes, ordered by id.
type NeighborhoodQuery struct {
	ID     string
	Depth  int
	Types  []RelType
	Labels []Label
	Limit  int
}

// PathQuery describes paths between two nodes over relationships of Types
// (empty means all), in either direction, of at most MaxDepth hops. Paths
// never visit a node twice. They are ordered by length, then by their
// sequence of node ids, then by their sequence of relationship ids; that
// order picks the one ShortestPath returns and the K that Paths returns.
type PathQuery struct {
	From     string
	To       string
	MaxDepth int
	Types    []RelType
	K        int
}

// Path is an alternating walk: Relationships[i] joins Nodes[i] and
// Nodes[i+1] (in either direction).
type Path struct {
	Nodes         []Node
	Relationships []Relationship
}

// SearchQuery is a full-text query. Matching is substring matching after
// folding (NFKC, lower case); Chinese text needs no word boundaries.
type SearchQuery struct {
	Text   string
	Labels []Label // empty means those SearchedByDefault
	Limit  int
}

// SearchHit is one ranked result.
type SearchHit struct {
	Node     Node
	Score    float64
	Field    string // "name", "alias" or "evidence": where the best match is
	Snippet  string // the text that matched (name, alias or sentence)
	Document string // for evidence matches, the document id
	Start    int    // match offsets in Snippet, in runes
	End      int
	// For evidence matches, the sentence matched, whole, and where it is
	// in Document's text (what a reader opens the document at).
	Evidence *Evidence
}

// Stats counts the graph.
type Stats struct {
	Nodes         map[Label]int
	Relationships map[RelType]int
}

// TotalNodes sums node counts.
func (s Stats) TotalNodes() int {
	t := 0
	for _, n := range s.Nodes {
		t += n
	}
	return t
}

// TotalRelationships sums relationship counts.
func (s Stats) TotalRelationships() int {
	t := 0
	for _, n := range s.Relationships {
		t += n
	}
	return t
}
