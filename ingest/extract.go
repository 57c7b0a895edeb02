package ingest

import (
	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// Extractor reads entities and facts out of a split page: it segments the
// page into a Doc, runs the recognizers over it in a fixed order, each
// adding to one Builder, and settles the result. It is safe for concurrent
// use: all per-document state lives in the Doc and the Builder.
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

// recognizer finds one kind of thing. It reads the Doc and what earlier
// recognizers added to the Builder, and adds to the Builder.
type recognizer interface {
	recognize(d *Doc, b *Builder)
}

// recognizers run in this order: each may use what those before it found
// (a proposal needs its proposer, a goal's targets need the industries).
var recognizers = []recognizer{
	placeRecognizer{},
	officialRecognizer{},
	orgRecognizer{},
	industryRecognizer{},
	goalRecognizer{},
	proposalRecognizer{},
	relationRecognizer{},
	statementRecognizer{},
}

// Extract runs every recognizer over a split page.
func (x *Extractor) Extract(p *Page, l Layout) *Extraction {
	d := x.newDoc(p, l)
	b := newBuilder(d)
	for _, r := range recognizers {
		r.recognize(d, b)
	}
	return b.finish()
}
