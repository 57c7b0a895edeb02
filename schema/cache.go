package schema

import (
	"container/list"
	"sync"

	"github.com/graphql-go/graphql/gqlerrors"
	"github.com/graphql-go/graphql/language/ast"
)

// maxCachedQuery keeps huge one-off documents out of the cache, so its
// memory stays bounded by entries × this.
const maxCachedQuery = 16 << 10

// docEntry is a parsed document that passed validation, or the errors
// that parsing or validation found. Validation here covers what does not
// depend on variables (the specified rules, depth, aliases, introspection);
// a valid document is executed many times and never modified (graphql-go's
// executor only reads the AST).
type docEntry struct {
	doc  *ast.Document
	errs []gqlerrors.FormattedError
}

// docCache is a small LRU keyed by query text. graphql-go v0.8.1 has no
// plan cache; caching parse and validation recovers the part of that gain
// that matters for the same few queries sent over and over (an explorer,
// a dashboard).
type docCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front: most recent; values are keys
	items map[string]*list.Element
	vals  map[string]docEntry
}

func newDocCache(max int) *docCache {
	return &docCache{max: max, order: list.New(), items: map[string]*list.Element{}, vals: map[string]docEntry{}}
}

func (c *docCache) get(q string) (docEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[q]
	if !ok {
		return docEntry{}, false
	}
	c.order.MoveToFront(el)
	return c.vals[q], true
}

func (c *docCache) put(q string, e docEntry) {
	if len(q) > maxCachedQuery {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[q]; ok {
		c.order.MoveToFront(el)
		c.vals[q] = e
		return
	}
	c.items[q] = c.order.PushFront(q)
	c.vals[q] = e
	for c.order.Len() > c.max {
		last := c.order.Back()
		k := last.Value.(string)
		c.order.Remove(last)
		delete(c.items, k)
		delete(c.vals, k)
	}
}
