package ingest

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/policygraph/policygraph/ingest/gazetteer"
	"github.com/policygraph/policygraph/ingest/lexicon"
)

// placeIndex is the gazetteer as a longest-match dictionary over text.
type placeIndex struct {
	gaz   *gazetteer.Gazetteer
	names map[string]bool
	full  map[string]bool // full names (株洲市), as opposed to short forms (株洲)
	dict  *lexicon.Dict

	// Townships, kept apart: their names only count under a place the
	// page names (see Doc.findTownships).
	townFull  map[string]bool // full names (锦和镇)
	townShort map[string]bool // short forms (锦和)
	towns     *lexicon.Dict
}

var (
	placeOnce sync.Once
	places    *placeIndex
)

func defaultPlaces() *placeIndex {
	placeOnce.Do(func() {
		g := gazetteer.Default()
		places = &placeIndex{gaz: g, names: map[string]bool{}, full: map[string]bool{}}
		for _, d := range g.All() {
			places.full[d.Name] = true
		}
		var words []string
		for _, n := range g.Names() {
			// 市中 (市中区) would match every 市中心: a short form cannot
			// start with a relative marker; one character is no name.
			if !places.full[n] && strings.ContainsRune("市县区省", []rune(n)[0]) || utf8.RuneCountInString(n) < 2 {
				continue
			}
			places.names[n] = true
			words = append(words, n)
		}
		places.dict = lexicon.NewDict(words)
		places.townFull = map[string]bool{}
		places.townShort = map[string]bool{}
		var towns []string
		for _, n := range g.TownshipNames() {
			if utf8.RuneCountInString(n) < 2 {
				continue
			}
			for _, t := range g.Townships(n) {
				if t.Name == n {
					places.townFull[n] = true
				} else {
					places.townShort[n] = true
				}
			}
			towns = append(towns, n)
		}
		places.towns = lexicon.NewDict(towns)
	})
	return places
}

// isPlaceName reports whether s is a division's full name or short form.
func isPlaceName(s string) bool { return defaultPlaces().names[s] }

// placeAt returns the longest place name starting at i.
func (pi *placeIndex) placeAt(r []rune, i int) (string, int) {
	w := pi.dict.At(r, i)
	return w, utf8.RuneCountInString(w)
}

// placesAt returns every place name starting at i, longest first.
func (pi *placeIndex) placesAt(r []rune, i int) []string {
	return pi.dict.AllAt(r, i)
}

// townAt returns the longest township name starting at i.
func (pi *placeIndex) townAt(r []rune, i int) (string, int) {
	w := pi.towns.At(r, i)
	return w, utf8.RuneCountInString(w)
}

// townsAt returns every township name starting at i, longest first.
func (pi *placeIndex) townsAt(r []rune, i int) []string {
	return pi.towns.AllAt(r, i)
}

// placeHit is a place named in the text.
type placeHit struct {
	Span
	Form string
	Full bool
}

// cityEnumeration reports whether the place at s is one of examples listed
// for comparison (成都、重庆、连云港等地), which says nothing about where a
// proposal applies.
func cityEnumeration(r []rune, s Span) bool {
	j := s.End
	for j < len(r) && (r[j] == '、' || isHan(r[j])) && j-s.End < 16 {
		if strings.HasPrefix(string(r[j:min(len(r), j+3)]), "等地") || strings.HasPrefix(string(r[j:min(len(r), j+4)]), "等城市") {
			return true
		}
		j++
	}
	return false
}
