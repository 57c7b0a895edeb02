package ingest

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
)

// Entity is something a document names, before it gets a graph id.
type Entity struct {
	Label   graph.Label
	Key     string // what makes it unique: canonical name, or a division code
	Name    string // canonical name
	Aliases []string
	Props   graph.Props
	First   Span // where the document first names it
	Article int  // the article of that first mention
	// Implied is set for a place the document never names, only implies
	// (市人大代表 is a deputy of the page's city; 民盟省委 sits in the page's
	// province): a node for the facts that point at it, but no mention.
	Implied bool
}

// ref is the handle extraction uses for an entity: label and key.
type ref struct {
	Label graph.Label
	Key   string
}

func (r ref) compare(o ref) int {
	return cmp.Or(cmp.Compare(r.Label, o.Label), cmp.Compare(r.Key, o.Key))
}

// Fact is a relationship read from one sentence.
type Fact struct {
	Type     graph.RelType
	From, To ref
	Title    string // HOLDS_POSITION only
	Sentence Span
	Article  int
}

// Extraction is everything read from one document.
type Extraction struct {
	Layout    Layout
	Entities  map[ref]*Entity
	Facts     []Fact
	PageCity  *gazetteer.Division // the city the page is about: 市… refers to it
	Sentences []Span              // every sentence read, in page order
	Reporters []string
}

// Person is what a document says about one official.
type Person struct {
	Name   string
	Ref    ref
	Deputy bool                // a deputy or CPPCC member: what they say are proposals
	Seat   *gazetteer.Division // the place whose congress or CPPCC they sit in
	Place  *gazetteer.Division // where they serve
	First  int                 // offset of the first mention

	governs bool // Place comes from a government or party post
	leads   bool // holds a government or party post anywhere (总书记 too): never a proposer
}

// Builder collects what the recognizers find in one document. Each
// recognizer reads the Doc and what earlier recognizers added, and adds
// entities, facts and the spans later recognizers need; nothing is taken
// back until Finish settles document-level consistency.
type Builder struct {
	doc      *Doc
	entities map[ref]*Entity
	mentions map[ref][]Span // where each entity is named
	facts    []Fact
	factAt   map[factKey]bool

	people     map[string]*Person // officials by name
	names      []string           // personNames' answer; nil after people changes
	featured   map[int]*Person    // article → the official it features
	interview  map[int]bool       // article is an interview (——访)
	personAt   []Span             // spans that name people
	orgAt      []Span             // spans that name organisations: industries never match inside
	affAt      []Span             // title chains: a place there is an affiliation, not a topic
	industries []industryHit
	goals      []*goalHit
	proposals  []*proposalHit
}

type factKey struct {
	Type     graph.RelType
	From, To ref
	Title    string
}

func newBuilder(d *Doc) *Builder {
	return &Builder{
		doc: d, entities: map[ref]*Entity{}, mentions: map[ref][]Span{}, factAt: map[factKey]bool{},
		people: map[string]*Person{}, featured: map[int]*Person{}, interview: map[int]bool{},
	}
}

// add records a mention of an entity, merging repeated mentions.
func (b *Builder) add(label graph.Label, key, name string, at Span, article int, aliases ...string) ref {
	r := ref{label, key}
	e := b.entities[r]
	if e == nil {
		e = &Entity{Label: label, Key: key, Name: name, First: at, Article: article}
		b.entities[r] = e
	} else if at.Start < e.First.Start {
		e.First, e.Article = at, article
	}
	for _, a := range aliases {
		if a != "" && a != e.Name && !slices.Contains(e.Aliases, a) {
			e.Aliases = append(e.Aliases, a)
		}
	}
	b.mentions[r] = append(b.mentions[r], at)
	return r
}

// fact records a relationship once per type, ends and title; the first
// sentence that states it is its evidence.
func (b *Builder) fact(t graph.RelType, from, to ref, title string, s Span, article int) {
	k := factKey{t, from, to, title}
	if from == to || b.factAt[k] {
		return
	}
	b.factAt[k] = true
	b.facts = append(b.facts, Fact{Type: t, From: from, To: to, Title: title, Sentence: s, Article: article})
}

// city records a mention of a division (or the sentence that implies it:
// 市人大代表 names no city), with the spelling seen.
func (b *Builder) city(div gazetteer.Division, at Span, article int, forms ...string) ref {
	aliases := forms
	if div.Short != "" {
		aliases = append(aliases, div.Short)
	}
	r := b.add(graph.City, div.Code, div.Name, at, article, aliases...)
	if e := b.entities[r]; e.Props == nil {
		e.Props = graph.Props{graph.PropCode: div.Code, graph.PropLevel: div.Level.String()}
	}
	return r
}

// cityIn records a division implied by sentence k: unless the page names
// it somewhere, it is context, not a mention.
func (b *Builder) cityIn(div gazetteer.Division, k int) ref {
	s := b.doc.Sentences[k]
	r := ref{graph.City, div.Code}
	_, known := b.entities[r]
	r = b.city(div, s.Span, s.Article)
	if !known {
		b.entities[r].Implied = true
	}
	return r
}

// personNamedIn returns the official named last in text, the longer name
// winning where two end at one place.
func (b *Builder) personNamedIn(text string) *Person {
	var best *Person
	at := -1
	for _, name := range b.personNames() {
		if i := strings.LastIndex(text, name); i > at {
			best, at = b.people[name], i
		}
	}
	return best
}

// firstPersonIn returns the official named first in text.
func (b *Builder) firstPersonIn(text string) *Person {
	var best *Person
	at := -1
	for _, name := range b.personNames() {
		if i := strings.Index(text, name); i >= 0 && (at < 0 || i < at) {
			best, at = b.people[name], i
		}
	}
	return best
}

// personNames returns the officials' names, longest first, then in code
// point order: no choice may depend on map order. The slice is shared
// until people changes: callers only read it.
func (b *Builder) personNames() []string {
	if b.names != nil {
		return b.names // sorted once for the many sentences that ask
	}
	names := slices.Collect(maps.Keys(b.people))
	slices.SortFunc(names, func(a, c string) int {
		return cmp.Or(cmp.Compare(len(c), len(a)), cmp.Compare(a, c))
	})
	b.names = names
	return names
}

// lastPersonBefore returns the official last named in an article before
// offset at.
func (b *Builder) lastPersonBefore(article, at int) *Person {
	d := b.doc
	for k := len(d.Sentences) - 1; k >= 0; k-- {
		if s := d.Sentences[k]; s.Article == article && s.Start < at {
			text := d.Text(s.Span)
			if s.End > at {
				text = d.Text(Span{s.Start, at})
			}
			if p := b.personNamedIn(text); p != nil {
				return p
			}
		}
	}
	return nil
}

func (b *Builder) inOrg(s Span) bool         { return s.within(b.orgAt) }
func (b *Builder) inAffiliation(s Span) bool { return s.within(b.affAt) }

// overlapsPerson reports whether s overlaps the name of a person.
func (b *Builder) overlapsPerson(s Span) bool {
	for _, p := range b.personAt {
		if s.Start < p.End && p.Start < s.End {
			return true
		}
	}
	return false
}

// sortedRefs returns the keys of entities in label and key order.
func sortedRefs(m map[ref]*Entity) []ref { return slices.SortedFunc(maps.Keys(m), ref.compare) }

// finish settles what one recognizer cannot know alone and returns the
// extraction: a place whose every mention lies inside a person's name
// (华容 in 张华容) was never meant, and goes with its facts.
func (b *Builder) finish() *Extraction {
	drop := map[ref]bool{}
	for r, spans := range b.mentions {
		if r.Label != graph.City {
			continue
		}
		inside := true
		for _, s := range spans {
			inside = inside && s.Len() > 0 && s.Len() < 8 && b.overlapsPerson(s)
		}
		if inside {
			drop[r] = true
		}
	}
	x := &Extraction{Layout: b.doc.Layout, Entities: map[ref]*Entity{}, PageCity: b.doc.Home.City}
	for r, e := range b.entities {
		if !drop[r] {
			x.Entities[r] = e
		}
	}
	for _, f := range b.facts {
		if !drop[f.From] && !drop[f.To] {
			x.Facts = append(x.Facts, f)
		}
	}
	for _, s := range b.doc.Sentences {
		x.Sentences = append(x.Sentences, s.Span)
	}
	for _, a := range b.doc.Layout.Articles {
		x.Reporters = append(x.Reporters, a.Reporters...)
	}
	return x
}

// mergeByAlias folds an entity into another of its label whose aliases
// contain its name (株洲民革 into 民革株洲市委会), moving its facts. Entities
// are visited in key order so that which absorbs which never depends on
// map iteration: the first owner of an alias keeps it.
func (b *Builder) mergeByAlias(label graph.Label) {
	refs := slices.SortedFunc(maps.Keys(b.entities), ref.compare)
	owner := map[string]ref{}
	for _, r := range refs {
		if r.Label != label {
			continue
		}
		for _, a := range b.entities[r].Aliases {
			if _, taken := owner[a]; !taken {
				owner[a] = r
			}
		}
	}
	for _, r := range refs {
		e := b.entities[r]
		if e == nil || r.Label != label {
			continue
		}
		into, ok := owner[e.Name]
		if !ok || into == r || b.entities[into] == nil {
			continue
		}
		b.merge(r, into)
	}
}

// merge folds entity r into entity into: its spellings become aliases, its
// mentions and facts move.
func (b *Builder) merge(r, into ref) {
	e, target := b.entities[r], b.entities[into]
	for _, a := range append([]string{e.Name}, e.Aliases...) {
		if a != target.Name && !slices.Contains(target.Aliases, a) {
			target.Aliases = append(target.Aliases, a)
		}
	}
	if e.First.Start < target.First.Start {
		target.First, target.Article = e.First, e.Article
	}
	b.mentions[into] = append(b.mentions[into], b.mentions[r]...)
	delete(b.entities, r)
	delete(b.mentions, r)
	facts := b.facts[:0]
	b.factAt = map[factKey]bool{}
	for _, f := range b.facts {
		if f.From == r {
			f.From = into
		}
		if f.To == r {
			f.To = into
		}
		k := factKey{f.Type, f.From, f.To, f.Title}
		if f.From != f.To && !b.factAt[k] {
			b.factAt[k] = true
			facts = append(facts, f)
		}
	}
	b.facts = facts
}
