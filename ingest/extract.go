package ingest

import (
	"cmp"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
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
}

// ref is the handle extraction uses for an entity: label and key.
type ref struct {
	Label graph.Label
	Key   string
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

// Extractor reads entities and facts out of a page. It is safe for
// concurrent use: all per-document state lives in a docState.
type Extractor struct {
	Lex    *lexicon.Lexicon
	Gaz    *gazetteer.Gazetteer
	Seg    *Segmenter
	places *placeIndex
}

// NewExtractor returns an extractor over the default lexicons.
func NewExtractor(seg *Segmenter) *Extractor {
	return &Extractor{Lex: lexicon.Default(), Gaz: gazetteer.Default(), Seg: seg, places: defaultPlaces()}
}

// sentence is one sentence of an article and what kind of text it is.
type sentence struct {
	Span
	Article int
	Heading bool // headline, subhead or speaker label
	Caption bool
}

// docState is the working memory of one Extract call.
type docState struct {
	x          *Extractor
	p          *Page
	layout     Layout
	sents      []sentence
	out        *Extraction
	reporters  map[string]bool
	pageCity   *gazetteer.Division
	pageCnty   *gazetteer.Division
	cityHits   []cityHit
	officials  map[string]*officialInfo // by name
	orgSpans   []Span                   // text that names organisations (industries never match inside)
	affSpans   []Span                   // title chains: a place there is an affiliation, not a topic
	featured   map[int]*officialInfo    // article → the official it features
	interview  map[int]bool             // article is a ——访 interview
	industries []industryHit
	bounds     map[Span]map[int]bool // word boundaries of each sentence, by wordBounds
	goals      []goalHit
}

type cityHit struct {
	placeHit
	Div      gazetteer.Division
	Sentence int
}

// Extract runs every extraction step over a split page.
func (x *Extractor) Extract(p *Page, l Layout) *Extraction {
	d := &docState{
		x: x, p: p, layout: l,
		out:       &Extraction{Layout: l, Entities: map[ref]*Entity{}},
		reporters: map[string]bool{},
		officials: map[string]*officialInfo{},
		featured:  map[int]*officialInfo{},
		interview: map[int]bool{},
		bounds:    map[Span]map[int]bool{},
	}
	for ai, a := range l.Articles {
		for _, r := range a.Reporters {
			d.reporters[r] = true
			d.out.Reporters = append(d.out.Reporters, r)
		}
		for _, s := range a.Headings {
			d.sents = append(d.sents, sentence{Span: s, Article: ai, Heading: true})
		}
		for _, s := range a.Labels {
			d.sents = append(d.sents, sentence{Span: s, Article: ai, Heading: true})
		}
		for _, c := range a.Captions {
			for _, s := range sentences(p, c) {
				d.sents = append(d.sents, sentence{Span: s, Article: ai, Caption: true})
			}
		}
		for _, b := range a.Body {
			for _, s := range sentences(p, b) {
				d.sents = append(d.sents, sentence{Span: s, Article: ai})
			}
		}
	}
	// Reading order, so "first mention" means first on the page.
	sort.SliceStable(d.sents, func(i, j int) bool { return d.sents[i].Start < d.sents[j].Start })

	d.findCities()
	d.findOfficials()
	d.findOrganizations()
	d.mergeByAlias(graph.Organization)
	d.findIndustries()
	d.findGoals()
	d.findProposals()
	d.out.PageCity = d.pageCity
	for _, s := range d.sents {
		d.out.Sentences = append(d.out.Sentences, s.Span)
	}
	return d.out
}

// add records an entity mention, merging repeated mentions.
func (d *docState) add(label graph.Label, key, name string, at Span, article int, aliases ...string) ref {
	r := ref{label, key}
	e := d.out.Entities[r]
	if e == nil {
		e = &Entity{Label: label, Key: key, Name: name, First: at, Article: article}
		d.out.Entities[r] = e
	} else if at.Start < e.First.Start {
		e.First, e.Article = at, article
	}
	for _, a := range aliases {
		if a != "" && a != e.Name && !slices.Contains(e.Aliases, a) {
			e.Aliases = append(e.Aliases, a)
		}
	}
	return r
}

func (d *docState) fact(t graph.RelType, from, to ref, title string, s Span, article int) {
	if from == to {
		return
	}
	for _, f := range d.out.Facts {
		if f.Type == t && f.From == from && f.To == to && f.Title == title {
			return
		}
	}
	d.out.Facts = append(d.out.Facts, Fact{Type: t, From: from, To: to, Title: title, Sentence: s, Article: article})
}

// sentenceOf returns the sentence containing offset i.
func (d *docState) sentenceOf(i int) (sentence, bool) {
	k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].End > i })
	if k < len(d.sents) && d.sents[k].Start <= i {
		return d.sents[k], true
	}
	return sentence{}, false
}

func (d *docState) runes(s Span) []rune { return d.p.Norm[s.Start:s.End] }

// quoteVariant returns the printed form of a span when it differs from the
// folded one (traditional characters), to keep as an alias.
func (d *docState) quoteVariant(s Span) string {
	if q := d.p.Quote(s); q != d.p.Text(s) {
		return q
	}
	return ""
}

func trimPunct(s string) string {
	return strings.Trim(s, " ,，、:：;；。“”\"'‘’")
}

// mergeByAlias folds an entity into another of its label whose aliases
// contain its name (株洲民革 into 民革株洲市委会), moving its facts.
func (d *docState) mergeByAlias(label graph.Label) {
	// In key order, so that which entity absorbs which never depends on
	// map iteration: the first owner of an alias keeps it.
	refs := slices.SortedFunc(maps.Keys(d.out.Entities), func(a, b ref) int {
		return cmp.Or(cmp.Compare(a.Label, b.Label), cmp.Compare(a.Key, b.Key))
	})
	owner := map[string]ref{}
	for _, r := range refs {
		e := d.out.Entities[r]
		if r.Label != label {
			continue
		}
		for _, a := range e.Aliases {
			if _, taken := owner[a]; !taken {
				owner[a] = r
			}
		}
	}
	for _, r := range refs {
		e := d.out.Entities[r]
		if e == nil {
			continue // merged already
		}
		into, ok := owner[e.Name]
		if r.Label != label || !ok || into == r {
			continue
		}
		target := d.out.Entities[into]
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			if a != target.Name && !slices.Contains(target.Aliases, a) {
				target.Aliases = append(target.Aliases, a)
			}
		}
		if e.First.Start < target.First.Start {
			target.First, target.Article = e.First, e.Article
		}
		delete(d.out.Entities, r)
		facts := d.out.Facts[:0]
		for _, f := range d.out.Facts {
			if f.From == r {
				f.From = into
			}
			if f.To == r {
				f.To = into
			}
			if f.From != f.To {
				facts = append(facts, f)
			}
		}
		d.out.Facts = facts
	}
}
