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
	"unicode"
	"unicode/utf8"

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
	// Titles is an official's title chain, as the reports print it
	// (株洲市政协委员, 市中心医院副院长), from HOLDS_POSITION; empty for others.
	Titles []string
	// Related: for an official, the topical goals and proposals they set or
	// made; for a proposal, its proposers; for a goal, who set it.
	Related []graph.Node
	Quotes  []Quote
}

// Quote is a citable sentence with its source document. A quote of what
// an official said (a Statement) has its kind and words; any other quote
// is an evidence sentence, whose words are the sentence.
type Quote struct {
	Cite
	Doc *graph.Node // nil if the document is gone
	// Kind is the statement's kind (graph.KindDirect, graph.KindReported),
	// "" for an evidence sentence.
	Kind string
	// Text is the words to quote: the statement as printed, or the sentence.
	Text string
	// Statement is the Statement quoted; nil for an evidence sentence.
	Statement *graph.Node
}

// Date is the quote's document's date, "" when unknown.
func (q Quote) Date() string { return q.Property(graph.PropDate) }

// Citation is the quote's source as a reader cites it: 《headline》,
// newspaper (the file name when the report names none), date (日期不详
// when the report has none).
func (q Quote) Citation() string {
	var parts []string
	headline := strings.TrimSpace(q.Headline)
	if headline == "" {
		headline = strings.TrimSpace(q.Property(graph.PropTitle))
	}
	if headline != "" {
		parts = append(parts, "《"+headline+"》")
	}
	paper := strings.TrimSpace(q.Property(graph.PropNewspaper))
	if paper != "" {
		parts = append(parts, paper)
	}
	if d := q.Date(); d != "" {
		parts = append(parts, d)
	} else {
		parts = append(parts, "日期不详")
	}
	if src := q.Property(graph.PropSource); paper == "" && src != "" {
		parts = append(parts, "来源文件 "+src)
	}
	return strings.Join(parts, "，")
}

// Property reads a string property of the quote's document.
func (q Quote) Property(k string) string {
	if q.Doc == nil {
		return ""
	}
	return q.Doc.Props.String(k)
}

var crossRefTypes = []graph.RelType{graph.Proposes, graph.Sets, graph.HoldsPosition, graph.LocatedIn, graph.AppliesTo, graph.Targets, graph.Mentions, graph.Said, graph.About}

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
	stmts    map[string]bool                 // statements on the topic
	links    map[string][]graph.Relationship // item → relationships that tie it to the topic
	terms    []string                        // folded topic, industry names and aliases
}

// CrossReference finds every official, goal and proposal bearing on a topic
// and groups them by city and date with quotable evidence: what officials
// said on it (their statements, direct speech first) and the sentences that
// state their proposals and goals. It costs a fixed number of store round
// trips (about ten), whatever the size of the answer.
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
		stmts: map[string]bool{}, links: map[string][]graph.Relationship{}}
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
		hits, searchErr = s.Search(ctx, graph.SearchQuery{Text: topic, Labels: []graph.Label{graph.Industry, graph.Official, graph.Goal, graph.Proposal, graph.Statement}, Limit: searchCap})
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
		switch h.Node.Label {
		case graph.Industry:
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
		case graph.Statement:
			c.stmts[h.Node.ID] = true
		default:
			c.items[h.Node.ID] = true
		}
	}
	sort.Slice(out.Industries, func(i, j int) bool { return out.Industries[i].ID < out.Industries[j].ID })

	// Stage 2: what targets the industries, and what is said about them.
	if len(industryIDs) > 0 {
		g, err := s.Expand(ctx, graph.ExpandQuery{IDs: industryIDs, Direction: graph.In, Types: []graph.RelType{graph.Targets, graph.About},
			OtherLabels: []graph.Label{graph.Proposal, graph.Goal, graph.Statement}})
		if err != nil {
			return nil, fmt.Errorf("crossReference targets: %w", err)
		}
		c.add(g)
		for _, r := range g.Relationships {
			if r.Type == graph.About {
				c.stmts[r.From] = true
				continue
			}
			c.items[r.From] = true
			c.links[r.From] = append(c.links[r.From], r)
		}
	}

	// Stages 3 on: the items' and statements' surroundings, until nothing
	// new joins. Proposers, setters and speakers join as items; statements
	// about a topical goal or proposal join the statements. Each round is
	// one round trip; the chain is short (statement → speaker → body).
	for round := 0; round < 5; round++ {
		c.join()
		var next []string
		for id := range c.items {
			if !c.expanded[id] {
				next = append(next, id)
			}
		}
		for id := range c.stmts {
			if !c.expanded[id] {
				next = append(next, id)
			}
		}
		next = append(next, c.unexpandedBodies()...)
		if len(next) == 0 {
			break
		}
		if err := c.expand(dedupe(next)); err != nil {
			return nil, err
		}
	}

	// Quotes per item, then the documents they cite (one round trip) and
	// the places those documents are about (one more, for items with no
	// place).
	cites := map[string][]Cite{}
	docSet := map[string]bool{}
	for id := range c.items {
		cs := c.quotes(id)
		for _, st := range c.saidBy(id) {
			cs = append(cs, st.cite)
		}
		if len(cs) == 0 {
			continue // no sentence to cite: context, not a claim
		}
		cites[id] = cs
		for _, q := range cs {
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
	quotes := map[string][]Quote{}
	for id := range cites {
		quotes[id] = c.itemQuotes(id, docs)
	}

	// Group by (place, date).
	cityOf := c.cities()
	type key struct{ city, date string }
	groups := map[key]map[string][]Quote{}
	for id, qs := range quotes {
		for _, qt := range qs {
			doc := qt.Doc
			date := qt.Date()
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
			groups[k][id] = append(groups[k][id], qt)
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
		return a.date != "" && (b.date == "" || a.date > b.date) // newest first, undated last
	})
	for _, k := range keys {
		g := CrossRefGroup{Date: k.date}
		if n, ok := c.nodes[k.city]; ok && k.city != "" {
			g.City = &n
		}
		var items []CrossRefItem
		for id, qs := range groups[k] {
			items = append(items, CrossRefItem{Node: c.nodes[id], Titles: c.titles(id), Related: c.related(id), Quotes: qs})
		}
		RankItems(items)
		for _, it := range items {
			if out.Entries >= q.Limit {
				out.Truncated = true
				break
			}
			out.Entries++
			g.Items = append(g.Items, it)
		}
		if len(g.Items) > 0 {
			out.Groups = append(out.Groups, g)
		}
	}
	return out, nil
}

// join adds to the answer what the relationships loaded so far tie to it:
// the proposers and setters of topical proposals and goals, the statements
// about those, and the speakers of topical statements.
func (c *crossRef) join() {
	for _, id := range slices.Sorted(maps.Keys(c.items)) {
		n := c.nodes[id]
		if n.Label != graph.Proposal && n.Label != graph.Goal {
			continue
		}
		for _, r := range c.rels[id] {
			if r.To != id {
				continue
			}
			switch r.Type {
			case graph.Proposes, graph.Sets:
				if !c.linked(r.From, r.ID) {
					c.items[r.From] = true
					c.links[r.From] = append(c.links[r.From], r)
				}
			case graph.About:
				c.stmts[r.From] = true
			}
		}
	}
	for id := range c.stmts {
		for _, r := range c.rels[id] {
			if r.Type == graph.Said && r.To == id && c.nodes[r.From].Label == graph.Official {
				c.items[r.From] = true
			}
		}
	}
}

func (c *crossRef) linked(id, rel string) bool {
	for _, r := range c.links[id] {
		if r.ID == rel {
			return true
		}
	}
	return false
}

// said is one topical statement an official made, with the sentence that
// prints it (its SAID's evidence).
type said struct {
	stmt graph.Node
	cite Cite
}

// saidBy lists the topical statements an official made: those about the
// topic and those printed in a sentence that names it.
func (c *crossRef) saidBy(id string) []said {
	var out []said
	seen := map[string]bool{}
	for _, r := range c.rels[id] {
		if r.Type != graph.Said || r.From != id || r.Evidence == nil || seen[r.To] || !c.stmts[r.To] && !c.hasTerm(r.Evidence.Sentence) {
			continue
		}
		st, ok := c.nodes[r.To]
		if !ok {
			continue
		}
		seen[r.To] = true
		out = append(out, said{st, Cite{Evidence: *r.Evidence, Type: r.Type, RelID: r.ID}})
	}
	return out
}

// itemQuotes turns an item's citations into quotes: statements with their
// words, evidence sentences as printed, a headline replaced by the sentences
// of its article's body on the topic; then deduplicated and ranked.
func (c *crossRef) itemQuotes(id string, docs map[string]*graph.Node) []Quote {
	var qs []Quote
	for _, st := range c.saidBy(id) {
		n := st.stmt
		text := strings.TrimSpace(n.Props.String(graph.PropText))
		if text == "" {
			text = st.cite.Sentence
		}
		qs = append(qs, Quote{Cite: st.cite, Doc: docs[st.cite.Document], Kind: n.Props.String(graph.PropKind), Text: text, Statement: &n})
	}
	names := []string{graph.Fold(c.nodes[id].Name)}
	for _, cite := range c.quotes(id) {
		doc := docs[cite.Document]
		if doc != nil && isHeadline(cite, doc) {
			if body := c.bodySentences(cite, doc, names); len(body) > 0 {
				for _, b := range body {
					qs = append(qs, Quote{Cite: b, Doc: doc, Text: b.Sentence})
				}
				continue
			}
		}
		qs = append(qs, Quote{Cite: cite, Doc: doc, Text: cite.Sentence})
	}
	return RankQuotes(DedupeQuotes(qs))
}

// isHeadline tells whether a cited sentence is a headline of its document
// rather than a sentence of an article's body.
func isHeadline(c Cite, doc *graph.Node) bool {
	s := graph.Fold(c.Sentence)
	if h := graph.Fold(c.Headline); h != "" && (s == h || strings.Contains(h, s)) {
		return true
	}
	for _, h := range doc.Props.Strings(graph.PropHeadlines) {
		if graph.Fold(h) == s {
			return true
		}
	}
	return false
}

// maxBodySentences bounds the body sentences that stand in for a headline.
const maxBodySentences = 6

// bodySentences finds the sentences of the article under a headline that
// are on the topic (or, failing that, name the item; failing that, the
// article's first sentence), each cited with its offsets and the headline.
func (c *crossRef) bodySentences(h Cite, doc *graph.Node, names []string) []Cite {
	text := []rune(doc.Props.String(graph.PropText))
	if h.End <= 0 || h.End > len(text) {
		return nil
	}
	// The article runs from the headline to the next headline.
	stop := len(text)
	rest := string(text[h.End:])
	for _, other := range doc.Props.Strings(graph.PropHeadlines) {
		other = strings.TrimSpace(other)
		if other == "" || graph.Fold(other) == graph.Fold(h.Sentence) {
			continue
		}
		if i := strings.Index(rest, other); i >= 0 {
			if e := h.End + utf8.RuneCountInString(rest[:i]); e < stop {
				stop = e
			}
		}
	}
	spans := SplitSentences(text, h.End, stop)
	pick := func(has func(string) bool) []Cite {
		var out []Cite
		for _, sp := range spans {
			sentence := string(text[sp[0]:sp[1]])
			if has(sentence) {
				out = append(out, Cite{Evidence: graph.Evidence{Document: h.Document, Sentence: sentence, Start: sp[0], End: sp[1], Headline: h.Headline}, Type: h.Type, RelID: h.RelID})
				if len(out) == maxBodySentences {
					break
				}
			}
		}
		return out
	}
	if out := pick(c.hasTerm); len(out) > 0 {
		return out
	}
	if out := pick(func(s string) bool {
		f := graph.Fold(s)
		for _, n := range names {
			if n != "" && strings.Contains(f, n) {
				return true
			}
		}
		return false
	}); len(out) > 0 {
		return out
	}
	if len(spans) > 0 {
		out := pick(func(string) bool { return true })
		return out[:1]
	}
	return nil
}

// minSentenceRunes is the shortest run of text SplitSentences calls a
// sentence: a shorter line is a caption, a byline or a page number.
const minSentenceRunes = 8

// SplitSentences splits text[from:to] into sentences: runs ending at 。！？
// (with any closing quotes or brackets after them), a line break, or the
// end; returned as rune offsets [start, end) with surrounding space
// trimmed, leaving out runs shorter than minSentenceRunes.
func SplitSentences(text []rune, from, to int) [][2]int {
	var out [][2]int
	emit := func(s, e int) {
		for s < e && unicode.IsSpace(text[s]) {
			s++
		}
		for e > s && unicode.IsSpace(text[e-1]) {
			e--
		}
		if e-s >= minSentenceRunes {
			out = append(out, [2]int{s, e})
		}
	}
	start := from
	for i := from; i < to; i++ {
		switch text[i] {
		case '。', '！', '？', '!', '?':
			e := i + 1
			for e < to && strings.ContainsRune("”’」』）)", text[e]) {
				e++
			}
			emit(start, e)
			start, i = e, e-1
		case '\n':
			emit(start, i)
			start = i + 1
		}
	}
	emit(start, to)
	return out
}

// kindRank orders quotes: direct speech, reported speech, other sentences.
func kindRank(kind string) int {
	switch kind {
	case graph.KindDirect:
		return 0
	case graph.KindReported:
		return 1
	}
	return 2
}

// DedupeQuotes keeps one quote per distinct text: a statement over the
// evidence sentence that prints it, the same words in two documents once
// (the better ranked), and one quote per sentence occurrence.
func DedupeQuotes(qs []Quote) []Quote {
	RankQuotes(qs)
	type span struct {
		doc        string
		start, end int
	}
	var stated []span
	for _, q := range qs {
		if q.Statement != nil {
			stated = append(stated, span{q.Document, q.Start, q.End})
		}
	}
	within := func(q Quote) bool {
		for _, s := range stated {
			if s.doc == q.Document && s.start <= q.Start && q.End <= s.end {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	var out []Quote
	for _, q := range qs {
		if q.Statement == nil && within(q) {
			continue // a statement quotes this sentence already
		}
		k := quoteKey(q.Text)
		if k == "" {
			k = quoteKey(q.Sentence)
		}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, q)
	}
	return out
}

// quoteKey is what two quotes share when they say the same: the folded
// words without quotation marks, spaces and final punctuation.
func quoteKey(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune("“”‘’「」『』\"'。！？!?，,；;：:", r) {
			return -1
		}
		return r
	}, graph.Fold(s))
}

// RankQuotes orders quotes in place: direct speech first, then reported
// speech, then other sentences; within a kind, newest first (undated
// last); then by document and position.
func RankQuotes(qs []Quote) []Quote {
	sort.SliceStable(qs, func(i, j int) bool { return quoteLess(qs[i], qs[j]) })
	return qs
}

func quoteLess(a, b Quote) bool {
	if ka, kb := kindRank(a.Kind), kindRank(b.Kind); ka != kb {
		return ka < kb
	}
	if da, db := a.Date(), b.Date(); da != db {
		return da != "" && (db == "" || da > db)
	}
	if a.Document != b.Document {
		return a.Document < b.Document
	}
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	return a.End < b.End
}

// RankItems orders a group's items in place: those whose best quote ranks
// higher first (an official quoted directly before one reported, before
// proposals and goals), then officials, goals, proposals, by name.
func RankItems(items []CrossRefItem) {
	best := func(it CrossRefItem) Quote {
		b := Quote{}
		for i, q := range it.Quotes {
			if i == 0 || quoteLess(q, b) {
				b = q
			}
		}
		return b
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := best(items[i]), best(items[j])
		if ka, kb := kindRank(a.Kind), kindRank(b.Kind); ka != kb {
			return ka < kb
		}
		return itemLess(items[i].Node, items[j].Node)
	})
}

// titles is an official's title chain: each HOLDS_POSITION title, with the
// body's name before it unless the title names it already.
func (c *crossRef) titles(id string) []string {
	if c.nodes[id].Label != graph.Official {
		return []string{}
	}
	type pos struct{ target, title string }
	var ps []pos
	for _, r := range c.rels[id] {
		if r.Type != graph.HoldsPosition || r.From != id {
			continue
		}
		ps = append(ps, pos{r.To, strings.TrimSpace(r.Props.String(graph.PropTitle))})
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].target != ps[j].target {
			return ps[i].target < ps[j].target
		}
		return ps[i].title < ps[j].title
	})
	out := []string{}
	seen := map[string]bool{}
	for _, p := range ps {
		t := TitleOf(c.nodes[p.target].Name, p.title)
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// TitleOf writes a position as a title: 醴陵市 and 代理市长 make
// 醴陵市代理市长; a title that names its body already (株洲市政协委员 of
// 株洲市政协) stands alone; a body without a title is the body's name.
func TitleOf(body, title string) string {
	body, title = strings.TrimSpace(body), strings.TrimSpace(title)
	switch {
	case title == "":
		return body
	case body == "" || strings.Contains(title, body):
		return title
	}
	// 株洲市 and 市政协委员 make 株洲市政协委员, not 株洲市市政协委员.
	for _, level := range []string{"省", "市", "州", "区", "县"} {
		if strings.HasSuffix(body, level) && strings.HasPrefix(title, level) {
			return body + strings.TrimPrefix(title, level)
		}
	}
	return body + title
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
