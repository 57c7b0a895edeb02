package ingest

import (
	"strings"

	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// municipalities are provinces that are also cities.
var municipalities = map[string]bool{"110000": true, "120000": true, "310000": true, "500000": true}

// isCityLevel reports whether d can be "the page's city": a prefecture-level
// city or a municipality.
func isCityLevel(d gazetteer.Division) bool {
	return d.Level == gazetteer.Prefecture || municipalities[d.Code]
}

// placeRecognizer records the administrative places the Doc found as City
// entities, with every spelling the page uses.
type placeRecognizer struct{}

func (placeRecognizer) recognize(d *Doc, b *Builder) {
	for _, m := range d.Places {
		s := d.Sentences[m.Sentence]
		r := b.city(m.Div, m.Span, s.Article, m.Form, d.quoteVariant(m.Span))
		b.entities[r].Implied = false
	}
}

// citiesIn returns the places named inside the spans, skipping those only
// listed as examples (成都、重庆等地), those in title chains (where the
// official serves, not what a text is about) and provinces (context, not
// where something applies).
func (b *Builder) citiesIn(spans ...Span) []gazetteer.Division {
	var out []gazetteer.Division
	seen := map[string]bool{}
	for _, m := range b.doc.Places {
		inside := false
		for _, s := range spans {
			inside = inside || m.Start >= s.Start && m.End <= s.End
		}
		if !inside || seen[m.Div.Code] || cityEnumeration(b.doc.Page.Norm, m.Span) || b.inAffiliation(m.Span) || b.overlapsPerson(m.Span) {
			continue
		}
		seen[m.Div.Code] = true
		out = append(out, m.Div)
	}
	return out
}

// placeAtStart parses a division at the start of text (full or short form),
// returning it and its length in runes.
func (d *Doc) placeAtStart(r []rune) (*gazetteer.Division, int) {
	form, n := d.places.placeAt(r, 0)
	if n == 0 {
		return nil, 0
	}
	var ctx []string
	for _, h := range []*gazetteer.Division{d.Home.County, d.Home.City, d.Home.Province} {
		if h != nil {
			ctx = append(ctx, h.Code)
		}
	}
	div, ok := d.Gaz.Resolve(form, ctx)
	if !ok {
		return nil, 0
	}
	return &div, n
}

// placeSuffixFollows accepts a short form glued to a body (株洲市委 splits as
// 株洲/市委), where the word boundary falls inside the suffix.
func placeSuffixFollows(r []rune, i int) bool {
	return i < len(r) && strings.ContainsRune("市县区省委", r[i])
}

// followedBy reports whether r starts with one of words.
func followedBy(r []rune, words []string) bool {
	for _, w := range words {
		if hasRunePrefix(r, w) {
			return true
		}
	}
	return false
}

// followedByCue reports whether a word of role starts at i of r, ending by
// limit.
func (d *Doc) followedByCue(role lexicon.Role, r []rune, i, limit int) bool {
	_, ok := d.Lex.CueAt(role, r[:limit], i)
	return ok
}

// hasRunePrefix is strings.HasPrefix(string(r), w) without building the
// string: matchers test words at every offset of a sentence.
func hasRunePrefix(r []rune, w string) bool {
	i := 0
	for _, c := range w {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return true
}
