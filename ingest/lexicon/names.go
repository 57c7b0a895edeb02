package lexicon

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// GivenChar is what data/givennames.tsv records of one character: how often
// the person names of gse's dictionary use it in their given names, how
// often running text does, and where in a given name it stands.
type GivenChar struct {
	Count   int     // given-name characters that are this one
	PPM     float64 // per million given-name characters
	TextPPM float64 // per million characters of running text
	// Names with this character first or second of a two-character given
	// name, or as the whole given name.
	First, Second, Single int
}

// names holds the person-name statistics (data/givennames.tsv and
// data/surnamefreq.tsv, both counted from gse's dictionary).
type names struct {
	given    map[rune]GivenChar
	minOdds  float64
	surnames map[string]float64 // surname -> ppm
}

func loadNames() (*names, error) {
	n := &names{given: map[rune]GivenChar{}, surnames: map[string]float64{}, minOdds: math.Inf(1)}
	if err := eachRow("data/givennames.tsv", 7, func(f []string) error {
		r, size := utf8.DecodeRuneInString(f[0])
		if size != len(f[0]) || r == utf8.RuneError {
			return fmt.Errorf("given-name character %q is not one character", f[0])
		}
		if _, dup := n.given[r]; dup {
			return fmt.Errorf("given-name character %s listed twice", f[0])
		}
		var g GivenChar
		var err error
		for i, p := range map[int]*int{1: &g.Count, 4: &g.First, 5: &g.Second, 6: &g.Single} {
			if *p, err = strconv.Atoi(f[i]); err != nil || *p < 0 {
				return fmt.Errorf("%s: column %d: %q", f[0], i+1, f[i])
			}
		}
		for i, p := range map[int]*float64{2: &g.PPM, 3: &g.TextPPM} {
			if *p, err = strconv.ParseFloat(f[i], 64); err != nil || *p < 0 {
				return fmt.Errorf("%s: column %d: %q", f[0], i+1, f[i])
			}
		}
		n.given[r] = g
		n.minOdds = min(n.minOdds, odds(g))
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow("data/surnamefreq.tsv", 3, func(f []string) error {
		if _, dup := n.surnames[f[0]]; dup {
			return fmt.Errorf("surname %s listed twice", f[0])
		}
		ppm, err := strconv.ParseFloat(f[2], 64)
		if err != nil || ppm < 0 || utf8.RuneCountInString(f[0]) > 2 {
			return fmt.Errorf("surname %s: ppm %q", f[0], f[2])
		}
		n.surnames[f[0]] = ppm
		return nil
	}); err != nil {
		return nil, err
	}
	return n, nil
}

// odds is the log ratio of a character's rate in given names to its rate in
// text, both per million and smoothed by one so rare characters stay near 0.
func odds(g GivenChar) float64 { return math.Log((g.PPM + 1) / (g.TextPPM + 1)) }

// GivenChar returns the given-name statistics of r, ok=false for a
// character that given names do not use.
func (l *Lexicon) GivenChar(r rune) (GivenChar, bool) {
	g, ok := l.names.given[r]
	return g, ok
}

// GivenNameScore says how common r is in Chinese given names: ln(1 + uses
// per million given-name characters), 0 for a character no given name of
// the data uses (说): about 7.5 for 伟, 8.9 for 明, 5 for 的. It is a
// frequency, and 建 (建国, 建华) or 用 are not rare in names;
// GivenNameOdds weighs a character against running text.
func (l *Lexicon) GivenNameScore(r rune) float64 {
	g, ok := l.names.given[r]
	if !ok {
		return 0
	}
	return math.Log1p(g.PPM)
}

// GivenNameOdds is the log ratio of r's rate in given names to its rate in
// running text: positive for name characters (伟 3.0, 芳 3.1), near 0 for
// characters about as common in both (向, 建 0.4 to 0.7), negative for
// function words and verbs (用 -1.6, 的 -3.2, 了 -4.8). A character no given
// name uses gets the lowest ratio of any listed one. It answers whether a
// character after a name candidate more likely continues the name or starts
// the next word (王伟用 is 王伟 + 用).
func (l *Lexicon) GivenNameOdds(r rune) float64 {
	g, ok := l.names.given[r]
	if !ok {
		return l.names.minOdds
	}
	return odds(g)
}

// GivenNamePosition returns the shares of r's uses in a given name that are
// first of two characters, second of two, and alone; all 0 when no given
// name of the data uses r.
func (l *Lexicon) GivenNamePosition(r rune) (first, second, single float64) {
	g := l.names.given[r]
	sum := float64(g.First + g.Second + g.Single)
	if sum == 0 {
		return 0, 0, 0
	}
	return float64(g.First) / sum, float64(g.Second) / sum, float64(g.Single) / sum
}

// SurnameFreq returns how many per million of the data's person names
// carry surname s (single or compound), 0 for one that none carries or
// that is not in surnames.txt.
func (l *Lexicon) SurnameFreq(s string) float64 { return l.names.surnames[s] }
