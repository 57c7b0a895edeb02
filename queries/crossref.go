package queries

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/policygraph/policygraph/graph"
)

// CrossRefQuery asks what bears on a topic.
type CrossRefQuery struct {
	// Topic is an industry's name or alias (硬质材料, 硬质合金) or any phrase
	// found in names or evidence sentences (老幼共托).
	Topic string
	// Cities restricts the answer to these places and everything under them
	// (株洲市 includes 醴陵市); each is a node id ("city:430200") or a name or
	// alias ("株洲市", "株洲"). Empty means everywhere.
	Cities []string
	// From and To bound the documents' dates, inclusive, as YYYY-MM-DD; an
	// empty bound is open. With a bound, undated documents are left out.
	From, To string
	// Limit caps the number of (group, item) entries; 0 means
	// DefaultCrossRefLimit.
	Limit int
}

// DefaultCrossRefLimit bounds a CrossReference answer.
const DefaultCrossRefLimit = 500

// searchCap bounds the phrase search behind a topic.
const searchCap = 500

// CrossRef is the answer: entries grouped by city and date.
type CrossRef struct {
	Topic      string
	Industries []graph.Node // industries whose name or alias is the topic
	Cities     []graph.Node // the places asked for, resolved (not their descendants)
	Groups     []CrossRefGroup
	Entries    int // (group, item) entries over all groups
	Truncated  bool
}

// CrossRefGroup holds what one place said or was told on one date.
type CrossRefGroup struct {
	City  *graph.Node // nil when no place is known
	Date  string      // the documents' date; "" when undated
	Items []CrossRefItem
}

// CrossRefItem is one official, goal or proposal with its quotes from the
// group's date.
type CrossRefItem struct {
	Node graph.Node
	// Related: for an official, the topical goals and proposals they set or
	// made; for a proposal, its proposers; for a goal, who set it.
	Related []graph.Node
	Quotes  []Quote
}

// Quote is a citable sentence with its source document.
type Quote struct {
	Cite
	Doc *graph.Node // nil if the document is gone
}

// Property reads a string property of the quote's document.
func (q Quote) Property(k string) string {
	if q.Doc == nil {
		return ""
	}
	return q.Doc.Props.String(k)
}

var crossRefTypes = []graph.RelType{graph.Proposes, graph.Sets, graph.HoldsPosition, graph.LocatedIn, graph.AppliesTo, graph.Targets, graph.Mentions}

// crossRef accumulates what the stages of CrossReference fetched.
type crossRef struct {
	ctx   context.Context
	s     graph.Store
	nodes map[string]graph.Node
	rels  map[string][]graph.Relationship // node id → relationships touching it, deduplicated
	seen  map[string]map[string]bool      // node id → relationship ids in rels
	// expanded marks nodes whose crossRefTypes relationships are all in rels.
	expanded map[string]bool
	items    map[string]bool                 // official, goal and proposal ids in the answer
	links    map[string][]graph.Relationship // item → relationships that tie it to the topic
	terms    []string                        // folded topic, industry names and aliases
}

// CrossReference finds every official, goal and proposal bearing on a topic
// and groups them by city and date with quotable evidence. It costs a fixed
// number of store round trips (about seven), whatever the size of the
// answer.
func CrossReference(ctx context.Context, s graph.Store, q CrossRefQuery) (*CrossRef, error) {
	topic := strings.TrimSpace(q.Topic)
	if topic == "" {
		return nil, fmt.Errorf("%w: crossReference needs a topic", graph.ErrInvalid)
	}
	for _, d := range []string{q.From, q.To} {
		if d != "" && !isDate(d) {
			return nil, fmt.Errorf("%w: date %q is not YYYY-MM-DD", graph.ErrInvalid, d)
		}
	}
	if q.Limit <= 0 {
		q.Limit = DefaultCrossRefLimit
	}
	c := &crossRef{ctx: ctx, s: s, nodes: map[string]graph.Node{}, rels: map[string][]graph.Relationship{},
		seen: map[string]map[string]bool{}, expanded: map[string]bool{}, items: map[string]bool{},
		links: map[string][]graph.Relationship{}}
	out := &CrossRef{Topic: topic}

	// Stage 1: the phrase search and the places, independent, in parallel.
	var (
		hits               []graph.SearchHit
		allowed            map[string]bool
		searchErr, cityErr error
		wg                 sync.WaitGroup
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		hits, searchErr = s.Search(ctx, graph.SearchQuery{Text: topic, Labels: []graph.Label{graph.Industry, graph.Official, graph.Goal, graph.Proposal}, Limit: searchCap})
	}()
	go func() {
		defer wg.Done()
		out.Cities, allowed, cityErr = resolveCities(ctx, s, q.Cities)
	}()
	wg.Wait()
	if searchErr != nil {
		return nil, fmt.Errorf("crossReference search %q: %w", topic, searchErr)
	}
	if cityErr != nil {
		return nil, fmt.Errorf("crossReference cities: %w", cityErr)
	}

	folded := graph.Fold(topic)
	c.terms = []string{folded}
	var industryIDs []string
	for _, h := range hits {
		c.nodes[h.Node.ID] = h.Node
		if h.Node.Label == graph.Industry {
			// An industry is the topic only by its whole name or an alias;
			// 材料 is not 硬质材料.
			if h.Field == "name" || h.Field == "alias" {
				if graph.Fold(h.Snippet) == folded {
					out.Industries = append(out.Industries, h.Node)
					industryIDs = append(industryIDs, h.Node.ID)
					c.terms = append(c.terms, graph.Fold(h.Node.Name))
					for _, a := range h.Node.Aliases {
						c.terms = append(c.terms, graph.Fold(a))
					}
				}
			}
			continue
		}
		c.items[h.Node.ID] = true
	}
	sort.Slice(out.Industries, func(i, j int) bool { return out.Industries[i].ID < out.Industries[j].ID })

	// Stage 2: what targets the industries.
	if len(industryIDs) > 0 {
		g, err := s.Expand(ctx, graph.ExpandQuery{IDs: industryIDs, Direction: graph.In, Types: []graph.RelType{graph.Targets}, OtherLabels: []graph.Label{graph.Proposal, graph.Goal}})
		if err != nil {
			return nil, fmt.Errorf("crossReference targets: %w", err)
		}
		c.add(g)
		for _, r := range g.Relationships {
			c.items[r.From] = true
			c.links[r.From] = append(c.links[r.From], r)
		}
	}

	// Stage 3: the items' surroundings; proposers and setters join as items.
	if err := c.expand(slices.Sorted(maps.Keys(c.items))); err != nil {
		return nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(c.items)) {
		n := c.nodes[id]
		if n.Label != graph.Proposal && n.Label != graph.Goal {
			continue
		}
		for _, r := range c.rels[id] {
			if (r.Type == graph.Proposes || r.Type == graph.Sets) && r.To == id {
				c.items[r.From] = true
				c.links[r.From] = append(c.links[r.From], r)
			}
		}
	}

	// Stage 4: officials who joined, and the bodies officials serve.
	var next []string
	for id := range c.items {
		if !c.expanded[id] {
			next = append(next, id)
		}
	}
	next = append(next, c.unexpandedBodies()...)
	if err := c.expand(dedupe(next)); err != nil {
		return nil, err
	}
	// Stage 5: bodies of officials that joined in stage 4.
	if err := c.expand(dedupe(c.unexpandedBodies())); err != nil {
		return nil, err
	}

	// Quotes per item, then the documents they cite (stage 6) and the
	// places those documents are about (stage 7, for items with no place).
	quotes := map[string][]Cite{}
	docSet := map[string]bool{}
	for id := range c.items {
		qs := c.quotes(id)
		if len(qs) == 0 {
			continue // no sentence to cite: context, not a claim
		}
		quotes[id] = qs
		for _, q := range qs {
			docSet[q.Document] = true
		}
	}
	docs, err := c.load(slices.Sorted(maps.Keys(docSet)))
	if err != nil {
		return nil, err
	}
	citySet := map[string]bool{}
	for _, d := range docs {
		if id := d.Props.String(graph.PropCity); id != "" {
			citySet[id] = true
		}
	}
	if _, err := c.load(slices.Sorted(maps.Keys(citySet))); err != nil {
		return nil, err
	}

	// Group by (place, date).
	cityOf := c.cities()
	type key struct{ city, date string }
	groups := map[key]map[string][]Quote{}
	for id, qs := range quotes {
		for _, cite := range qs {
			doc := docs[cite.Document]
			date := ""
			if doc != nil {
				date = doc.Props.String(graph.PropDate)
			}
			if (q.From != "" || q.To != "") && (date == "" || q.From != "" && date < q.From || q.To != "" && date > q.To) {
				continue
			}
			city := cityOf[id]
			if city == "" && doc != nil {
				city = doc.Props.String(graph.PropCity)
			}
			if allowed != nil && !allowed[city] {
				continue
			}
			k := key{city, date}
			if groups[k] == nil {
				groups[k] = map[string][]Quote{}
			}
			groups[k][id] = append(groups[k][id], Quote{Cite: cite, Doc: doc})
		}
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.city != b.city {
			return a.city != "" && (b.city == "" || a.city < b.city) // unknown place last
		}
		return a.date != "" && (b.date == "" || a.date < b.date)
	})
	for _, k := range keys {
		g := CrossRefGroup{Date: k.date}
		if n, ok := c.nodes[k.city]; ok && k.city != "" {
			g.City = &n
		}
		ids := slices.Sorted(maps.Keys(groups[k]))
		sort.SliceStable(ids, func(i, j int) bool { return itemLess(c.nodes[ids[i]], c.nodes[ids[j]]) })
		for _, id := range ids {
			if out.Entries >= q.Limit {
				out.Truncated = true
				break
			}
			out.Entries++
			g.Items = append(g.Items, CrossRefItem{Node: c.nodes[id], Related: c.related(id), Quotes: groups[k][id]})
		}
		if len(g.Items) > 0 {
			out.Groups = append(out.Groups, g)
		}
	}
	return out, nil
}

// add records a subgraph's nodes and relationships.
func (c *crossRef) add(g graph.Subgraph) {
	for _, n := range g.Nodes {
		c.nodes[n.ID] = n
	}
	for _, r := range g.Relationships {
		for _, end := range []string{r.From, r.To} {
			if c.seen[end] == nil {
				c.seen[end] = map[string]bool{}
			}
			if !c.seen[end][r.ID] {
				c.seen[end][r.ID] = true
				c.rels[end] = append(c.rels[end], r)
			}
		}
	}
}

// expand fetches the crossRefTypes relationships of ids in one round trip.
func (c *crossRef) expand(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	g, err := c.s.Expand(c.ctx, graph.ExpandQuery{IDs: ids, Direction: graph.Both, Types: crossRefTypes})
	if err != nil {
		return fmt.Errorf("crossReference expand %d nodes: %w", len(ids), err)
	}
	c.add(g)
	for _, id := range ids {
		c.expanded[id] = true
	}
	return nil
}

// load fetches nodes by id (one round trip) and returns them by id.
func (c *crossRef) load(ids []string) (map[string]*graph.Node, error) {
	out := map[string]*graph.Node{}
	var missing []string
	for _, id := range ids {
		if n, ok := c.nodes[id]; ok {
			out[id] = &n
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	ns, err := c.s.Nodes(c.ctx, missing)
	if err != nil {
		return nil, fmt.Errorf("crossReference load %d nodes: %w", len(missing), err)
	}
	for i := range ns {
		c.nodes[ns[i].ID] = ns[i]
		out[ns[i].ID] = &ns[i]
	}
	return out, nil
}

// unexpandedBodies are the organisations the officials found so far hold
// positions in and whose relationships are not loaded yet.
func (c *crossRef) unexpandedBodies() []string {
	var out []string
	for _, id := range c.officials() {
		for _, r := range c.rels[id] {
			if r.Type == graph.HoldsPosition && r.From == id && c.nodes[r.To].Label == graph.Organization && !c.expanded[r.To] {
				out = append(out, r.To)
			}
		}
	}
	return out
}

func (c *crossRef) officials() []string {
	var out []string
	for id := range c.items {
		if c.nodes[id].Label == graph.Official {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// quotes picks an item's citable sentences: those that state its tie to the
// topic (a TARGETS to a topical industry, a PROPOSES or SETS of a topical
// item) and any of its evidence sentences that name the topic.
func (c *crossRef) quotes(id string) []Cite {
	var rels []graph.Relationship
	rels = append(rels, c.links[id]...)
	for _, r := range c.rels[id] {
		if r.Evidence != nil && c.hasTerm(r.Evidence.Sentence) {
			rels = append(rels, r)
		}
	}
	return Cites(rels, nil)
}

func (c *crossRef) hasTerm(s string) bool {
	f := graph.Fold(s)
	for _, t := range c.terms {
		if t != "" && strings.Contains(f, t) {
			return true
		}
	}
	return false
}

// cities assigns each item a place: an official's City, or the city of the
// body they serve; a proposal's LOCATED_IN or a goal's APPLIES_TO city, or
// else its proposer's or setter's. Items left out fall back to the cited
// document's city.
func (c *crossRef) cities() map[string]string {
	out := map[string]string{}
	first := func(id string, t graph.RelType, label graph.Label) string {
		best := ""
		for _, r := range c.rels[id] {
			if r.Type == t && r.From == id && c.nodes[r.To].Label == label && (best == "" || r.To < best) {
				best = r.To
			}
		}
		return best
	}
	for _, id := range c.officials() {
		city := first(id, graph.HoldsPosition, graph.City)
		if city == "" {
			if org := first(id, graph.HoldsPosition, graph.Organization); org != "" {
				city = first(org, graph.LocatedIn, graph.City)
			}
		}
		out[id] = city
	}
	for _, id := range slices.Sorted(maps.Keys(c.items)) {
		n := c.nodes[id]
		var city string
		switch n.Label {
		case graph.Proposal:
			city = first(id, graph.LocatedIn, graph.City)
		case graph.Goal:
			city = first(id, graph.AppliesTo, graph.City)
		default:
			continue
		}
		if city == "" {
			for _, p := range c.related(id) {
				if out[p.ID] != "" {
					city = out[p.ID]
					break
				}
			}
		}
		out[id] = city
	}
	return out
}

// related lists the other items an item is tied to through PROPOSES/SETS.
func (c *crossRef) related(id string) []graph.Node {
	var out []graph.Node
	seen := map[string]bool{}
	for _, r := range c.rels[id] {
		if r.Type != graph.Proposes && r.Type != graph.Sets {
			continue
		}
		other := r.To
		if other == id {
			other = r.From
		}
		if c.items[other] && !seen[other] {
			seen[other] = true
			out = append(out, c.nodes[other])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// resolveCities turns ids and names into City nodes and the set of their ids
// and all their descendants' ids (nil when no city was asked for).
func resolveCities(ctx context.Context, s graph.Store, wanted []string) ([]graph.Node, map[string]bool, error) {
	if len(wanted) == 0 {
		return nil, nil, nil
	}
	var ids, names []string
	for _, w := range wanted {
		w = strings.TrimSpace(w)
		if strings.HasPrefix(w, "city:") {
			ids = append(ids, w)
		} else if w != "" {
			names = append(names, w)
		}
	}
	or := []graph.Filter{}
	if len(ids) > 0 {
		or = append(or, graph.Filter{Field: "id", Op: graph.OpIn, Value: ids})
	}
	if len(names) > 0 {
		or = append(or, graph.Filter{Field: "name", Op: graph.OpIn, Value: names}, graph.Filter{Field: "aliases", Op: graph.OpIn, Value: names})
	}
	page, err := s.FindNodes(ctx, graph.NodeQuery{Labels: []graph.Label{graph.City}, Where: &graph.Filter{Or: or}})
	if err != nil {
		return nil, nil, err
	}
	// A place nobody has heard of is a mistake to report, not an empty
	// answer: 株州 for 株洲 would otherwise read as "nothing here".
	known := map[string]bool{}
	for _, n := range page.Nodes {
		known[n.ID], known[n.Name] = true, true
		for _, a := range n.Aliases {
			known[a] = true
		}
	}
	var unknown []string
	for _, w := range append(ids, names...) {
		if !known[w] {
			unknown = append(unknown, w)
		}
	}
	if len(unknown) > 0 {
		return nil, nil, fmt.Errorf("%w: no city named %s in the graph", graph.ErrInvalid, strings.Join(unknown, ", "))
	}
	allowed := map[string]bool{}
	var frontier []string
	for _, n := range page.Nodes {
		allowed[n.ID] = true
		frontier = append(frontier, n.ID)
	}
	// Provinces hold prefectures, which hold counties, which hold towns.
	for depth := 0; depth < 4 && len(frontier) > 0; depth++ {
		g, err := s.Expand(ctx, graph.ExpandQuery{IDs: frontier, Direction: graph.In, Types: []graph.RelType{graph.LocatedIn}, OtherLabels: []graph.Label{graph.City}})
		if err != nil {
			return nil, nil, err
		}
		frontier = frontier[:0]
		for _, n := range g.Nodes {
			if !allowed[n.ID] {
				allowed[n.ID] = true
				frontier = append(frontier, n.ID)
			}
		}
	}
	return page.Nodes, allowed, nil
}

func itemLess(a, b graph.Node) bool {
	rank := func(l graph.Label) int {
		switch l {
		case graph.Official:
			return 0
		case graph.Goal:
			return 1
		}
		return 2
	}
	if rank(a.Label) != rank(b.Label) {
		return rank(a.Label) < rank(b.Label)
	}
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.ID < b.ID
}

// isDate accepts a real calendar date written YYYY-MM-DD (not 2026-13-45).
func isDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func dedupe(ids []string) []string {
	sort.Strings(ids)
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}
