package graph

import (
	"context"
	"time"
)

// ObserveFunc is told about every call an Observed store makes: the method
// name ("Expand", "Nodes", ...), how long it took and its error. The context
// is the caller's, so an observer can find per-request counters in it.
type ObserveFunc func(ctx context.Context, method string, elapsed time.Duration, err error)

// Observe wraps s so that fn sees every call: the API counts store round
// trips with it (metrics, and tests that prove batching works), without
// each backend having to instrument itself.
func Observe(s Store, fn ObserveFunc) Store {
	if fn == nil {
		return s
	}
	return &observed{s: s, fn: fn}
}

type observed struct {
	s  Store
	fn ObserveFunc
}

// done reports a finished call; callers defer it in a closure so that err
// is read after the call returned, not when the defer was set up.
func (o *observed) done(ctx context.Context, method string, start time.Time, err error) {
	o.fn(ctx, method, time.Since(start), err)
}

func (o *observed) WriteDocument(ctx context.Context, b DocumentBatch) (st WriteStats, err error) {
	defer func(t time.Time) { o.done(ctx, "WriteDocument", t, err) }(time.Now())
	return o.s.WriteDocument(ctx, b)
}

func (o *observed) DeleteDocument(ctx context.Context, id string) (err error) {
	defer func(t time.Time) { o.done(ctx, "DeleteDocument", t, err) }(time.Now())
	return o.s.DeleteDocument(ctx, id)
}

func (o *observed) Nodes(ctx context.Context, ids []string) (ns []Node, err error) {
	defer func(t time.Time) { o.done(ctx, "Nodes", t, err) }(time.Now())
	return o.s.Nodes(ctx, ids)
}

func (o *observed) FindNodes(ctx context.Context, q NodeQuery) (p NodePage, err error) {
	defer func(t time.Time) { o.done(ctx, "FindNodes", t, err) }(time.Now())
	return o.s.FindNodes(ctx, q)
}

func (o *observed) Aggregate(ctx context.Context, q AggregateQuery) (a Aggregate, err error) {
	defer func(t time.Time) { o.done(ctx, "Aggregate", t, err) }(time.Now())
	return o.s.Aggregate(ctx, q)
}

func (o *observed) Expand(ctx context.Context, q ExpandQuery) (g Subgraph, err error) {
	defer func(t time.Time) { o.done(ctx, "Expand", t, err) }(time.Now())
	return o.s.Expand(ctx, q)
}

func (o *observed) Neighborhood(ctx context.Context, q NeighborhoodQuery) (g Subgraph, err error) {
	defer func(t time.Time) { o.done(ctx, "Neighborhood", t, err) }(time.Now())
	return o.s.Neighborhood(ctx, q)
}

func (o *observed) ShortestPath(ctx context.Context, q PathQuery) (p *Path, err error) {
	defer func(t time.Time) { o.done(ctx, "ShortestPath", t, err) }(time.Now())
	return o.s.ShortestPath(ctx, q)
}

func (o *observed) Paths(ctx context.Context, q PathQuery) (ps []Path, err error) {
	defer func(t time.Time) { o.done(ctx, "Paths", t, err) }(time.Now())
	return o.s.Paths(ctx, q)
}

func (o *observed) Search(ctx context.Context, q SearchQuery) (hs []SearchHit, err error) {
	defer func(t time.Time) { o.done(ctx, "Search", t, err) }(time.Now())
	return o.s.Search(ctx, q)
}

func (o *observed) Stats(ctx context.Context) (st Stats, err error) {
	defer func(t time.Time) { o.done(ctx, "Stats", t, err) }(time.Now())
	return o.s.Stats(ctx)
}

func (o *observed) Scan(ctx context.Context, node func(Node) error, rel func(Relationship) error) (err error) {
	defer func(t time.Time) { o.done(ctx, "Scan", t, err) }(time.Now())
	return o.s.Scan(ctx, node, rel)
}

func (o *observed) Ping(ctx context.Context) (err error) {
	defer func(t time.Time) { o.done(ctx, "Ping", t, err) }(time.Now())
	return o.s.Ping(ctx)
}

// Health forwards to the wrapped store, so wrapping does not hide it.
func (o *observed) Health() Health { return HealthOf(o.s) }

func (o *observed) Close(ctx context.Context) error {
	// Closing is not a round trip worth counting.
	return o.s.Close(ctx)
}
