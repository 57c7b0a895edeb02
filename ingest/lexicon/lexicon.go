// Package lexicon holds the word lists extraction anchors on: official
// titles, surnames, industries with their synonyms and sectors, cue words
// for speech, proposals, goals and organisation names, and how often
// characters are used in given names and surnames. They are data files
// embedded in the binary (each names its source in its header) so that they
// can be reviewed and extended without touching code.
package lexicon

import (
	"bufio"
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/*.tsv data/*.txt
var files embed.FS

// TitleKind says what a title makes its holder, which decides where the
// position points (the place itself, a committee, or the named body).
type TitleKind string

// Title kinds; see data/titles.tsv.
const (
	TitleGov             TitleKind = "gov"
	TitleParty           TitleKind = "party"
	TitlePartyMember     TitleKind = "party_member"
	TitleCongress        TitleKind = "congress"
	TitleCPPCC           TitleKind = "cppcc"
	TitleCPPCCOfficer    TitleKind = "cppcc_officer"
	TitleCongressOfficer TitleKind = "congress_officer"
	TitleOrg             TitleKind = "org"
)

// Scope is the level of the place a title sits at when the text names no
// place (市长: the city; 县长: the county; 人大代表: any).
type Scope string

// Scopes.
const (
	ScopeProvince Scope = "province"
	ScopeCity     Scope = "city"
	ScopeCounty   Scope = "county"
	ScopeCountry  Scope = "country"
	ScopeAny      Scope = "any"
)

// Title is one post name.
type Title struct {
	Text  string
	Kind  TitleKind
	Scope Scope
}

// Industry is one industry with the spellings that name it.
type Industry struct {
	Name    string
	Aliases []string
	Sector  string
	Strict  bool // false: only counts before 产业/行业/… (see data/industries.tsv)
	// Broad marks an umbrella over many sectors (制造业, 服务业, 未来产业):
	// kept as a sector, never read as the industry a text is about.
	Broad bool
	// Sources are the classification codes the entry comes from
	// (GB4754:C31, SEI2018:1.2, DE2021:0403, FI2024, …; see the file header).
	Sources []string
}

// Lexicon is the loaded, immutable set of lists.
type Lexicon struct {
	Titles     map[string]Title
	titleDict  *Dict
	surnames   map[string]bool
	compound   map[string]bool
	industries map[string]*Industry // by every spelling
	indDict    *Dict
	cues       [roleEnd]map[string]bool // by role: arrays, as extraction asks for a role's words at every rune
	cueList    [roleEnd][]string
	cueDicts   [roleEnd]*Dict
	bodies     map[string]BodyKind
	postfix    []Postfix
	postDict   *Dict // the postfixes' words
	postByWord map[string]Postfix
	names      *names
	national   []Body
	natDict    *Dict
	natByForm  map[string]int
}

// Body is a national body named by its own name (data/national.tsv).
type Body struct {
	Name    string
	Aliases []string
	Kind    string // party or people
}

// Postfix is a title printed after a name (宋慧玲代表): the word as printed
// and the title it stands for.
type Postfix struct {
	Word  string
	Title Title
}

var (
	once sync.Once
	def  *Lexicon
	err  error
)

// Default returns the embedded lexicon. The files are part of the binary,
// so a parse error is a build defect that the package tests catch.
func Default() *Lexicon {
	once.Do(func() { def, err = load() })
	if err != nil {
		panic("lexicon: embedded data is broken: " + err.Error())
	}
	return def
}

func load() (*Lexicon, error) {
	l := &Lexicon{
		Titles:     map[string]Title{},
		surnames:   map[string]bool{},
		compound:   map[string]bool{},
		industries: map[string]*Industry{},
	}
	if err := eachRow("data/titles.tsv", 3, func(f []string) error {
		t, err := parseTitle(f[0], f[1], f[2])
		l.Titles[f[0]] = t
		return err
	}); err != nil {
		return nil, err
	}
	if err := eachRow("data/industries.tsv", 5, func(f []string) error {
		ind := &Industry{Name: f[0], Sector: f[2], Strict: f[3] == "strict", Sources: strings.Fields(f[4])}
		ind.Broad = f[3] == "broad"
		ind.Strict = ind.Strict || ind.Broad
		if f[3] != "strict" && f[3] != "context" && f[3] != "broad" {
			return fmt.Errorf("industry %s: mode %q", f[0], f[3])
		}
		if f[2] == "" || len(ind.Sources) == 0 {
			return fmt.Errorf("industry %s: no sector or no source", f[0])
		}
		if f[1] != "" {
			ind.Aliases = strings.Split(f[1], "|")
		}
		for _, form := range append([]string{ind.Name}, ind.Aliases...) {
			if utf8.RuneCountInString(form) < 2 {
				return fmt.Errorf("industry %s: spelling %q is shorter than two characters", f[0], form)
			}
			if prev := l.industries[form]; prev != nil {
				return fmt.Errorf("industry spelling %s used by %s and %s", form, prev.Name, ind.Name)
			}
			l.industries[form] = ind
		}
		return nil
	}); err != nil {
		return nil, err
	}
	for _, name := range cueFiles {
		if err := eachRow(name, 2, func(f []string) error {
			role, ok := roleByName[f[0]]
			if !ok {
				return fmt.Errorf("unknown role %q", f[0])
			}
			if l.cues[role] == nil {
				l.cues[role] = map[string]bool{}
			}
			if f[1] == "" {
				return fmt.Errorf("%s: empty cue", f[0]) // a Dict ignores it, a prefix test would match it everywhere
			}
			if l.cues[role][f[1]] {
				return fmt.Errorf("%s %s listed twice", f[0], f[1])
			}
			l.cues[role][f[1]] = true
			l.cueList[role] = append(l.cueList[role], f[1])
			return nil
		}); err != nil {
			return nil, err
		}
	}
	for role := range l.cueList {
		// Longest first, so prefix matching finds 告诉记者 before 告诉.
		sort.SliceStable(l.cueList[role], func(i, j int) bool {
			return utf8.RuneCountInString(l.cueList[role][i]) > utf8.RuneCountInString(l.cueList[role][j])
		})
		l.cueDicts[role] = NewDict(l.cueList[role])
	}
	l.bodies = map[string]BodyKind{}
	if err := eachRow("data/bodies.tsv", 2, func(f []string) error {
		k := BodyKind(f[1])
		if !knownBodies[k] {
			return fmt.Errorf("body %s: unknown kind %q", f[0], f[1])
		}
		l.bodies[f[0]] = k
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachRow("data/postfix.tsv", 4, func(f []string) error {
		t, err := parseTitle(f[1], f[2], f[3])
		l.postfix = append(l.postfix, Postfix{Word: f[0], Title: t})
		return err
	}); err != nil {
		return nil, err
	}
	// Longest first: 副主席 before 主席.
	sort.SliceStable(l.postfix, func(i, j int) bool { return runeLen(l.postfix[i].Word) > runeLen(l.postfix[j].Word) })
	var postWords []string
	l.postByWord = map[string]Postfix{}
	for _, p := range l.postfix {
		postWords = append(postWords, p.Word)
		if _, dup := l.postByWord[p.Word]; !dup && p.Word != "" {
			l.postByWord[p.Word] = p
		}
	}
	l.postDict = NewDict(postWords)
	l.natByForm = map[string]int{}
	var natForms []string
	if err := eachRow("data/national.tsv", 3, func(f []string) error {
		b := Body{Name: f[0], Kind: f[2]}
		if f[1] != "" {
			b.Aliases = strings.Split(f[1], "|")
		}
		l.national = append(l.national, b)
		for _, form := range append([]string{b.Name}, b.Aliases...) {
			l.natByForm[form] = len(l.national) - 1
			natForms = append(natForms, form)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	l.natDict = NewDict(natForms)
	names, err := loadNames()
	if err != nil {
		return nil, err
	}
	l.names = names
	l.titleDict = NewDict(l.TitleWords())
	l.indDict = NewDict(l.IndustryWords())
	data, err := files.ReadFile("data/surnames.txt")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, s := range strings.Fields(line) {
			if utf8.RuneCountInString(s) == 1 {
				l.surnames[s] = true
			} else {
				l.compound[s] = true
			}
		}
	}
	return l, nil
}

func eachRow(name string, cols int, fn func([]string) error) error {
	f, err := files.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) != cols {
			return fmt.Errorf("%s:%d: %d columns, want %d", name, n, len(fields), cols)
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

// parseTitle checks a title row's kind and scope.
func parseTitle(text, kind, scope string) (Title, error) {
	t := Title{Text: text, Kind: TitleKind(kind), Scope: Scope(scope)}
	switch t.Kind {
	case TitleGov, TitleParty, TitlePartyMember, TitleCongress, TitleCPPCC, TitleCPPCCOfficer, TitleCongressOfficer, TitleOrg:
	default:
		return t, fmt.Errorf("title %s: unknown kind %q", text, kind)
	}
	switch t.Scope {
	case ScopeProvince, ScopeCity, ScopeCounty, ScopeCountry, ScopeAny:
	default:
		return t, fmt.Errorf("title %s: unknown scope %q", text, scope)
	}
	return t, nil
}

// Postfixes returns the titles printed after names, longest first. The
// slice is the lexicon's own, clipped so that appending copies it: callers
// read it, and recognizers ask for it once per sentence.
func (l *Lexicon) Postfixes() []Postfix { return slices.Clip(l.postfix) }

// PostfixAt returns the longest postfix title that starts at rune index i
// of s.
func (l *Lexicon) PostfixAt(s []rune, i int) (Postfix, bool) {
	p, ok := l.postByWord[l.postDict.At(s, i)]
	return p, ok
}

// PostfixBefore returns the longest postfix title that ends at rune index
// end of s.
func (l *Lexicon) PostfixBefore(s []rune, end int) (Postfix, bool) {
	p, ok := l.postByWord[l.postDict.Before(s, end)]
	return p, ok
}

// BodyKind is which organ of a place a body word names (data/bodies.tsv).
type BodyKind string

// Body kinds.
const (
	BodyParty      BodyKind = "party"
	BodyGov        BodyKind = "gov"
	BodyCongress   BodyKind = "congress"
	BodyStanding   BodyKind = "standing"
	BodyCPPCC      BodyKind = "cppcc"
	BodyDiscipline BodyKind = "discipline"
	BodyMilitary   BodyKind = "military"
	BodyDepartment BodyKind = "department"
)

var knownBodies = map[BodyKind]bool{BodyParty: true, BodyGov: true, BodyCongress: true, BodyStanding: true,
	BodyCPPCC: true, BodyDiscipline: true, BodyMilitary: true, BodyDepartment: true}

// Body returns the kind of organ word names when it follows a place
// (市委, 人大常委会, 政协), or false.
func (l *Lexicon) Body(word string) (BodyKind, bool) {
	k, ok := l.bodies[word]
	return k, ok
}

// TitleAt returns the longest title that ends exactly at rune index end of
// s, or ok=false.
func (l *Lexicon) TitleAt(s []rune, end int) (Title, int, bool) {
	if w := l.titleDict.Before(s, end); w != "" {
		return l.Titles[w], end - runeLen(w), true
	}
	return Title{}, 0, false
}

// TitleFrom returns the longest title that starts at rune index start.
func (l *Lexicon) TitleFrom(s []rune, start int) (Title, bool) {
	if w := l.titleDict.At(s, start); w != "" {
		return l.Titles[w], true
	}
	return Title{}, false
}

// SurnameLen returns the length of the surname that starts name (1 or 2
// runes), or 0 when name does not start with a known surname.
func (l *Lexicon) SurnameLen(name []rune) int {
	if len(name) >= 3 && l.compound[string(name[:2])] {
		return 2
	}
	if len(name) >= 1 && l.surnames[string(name[0])] {
		return 1
	}
	return 0
}

// NationalAt returns the national body whose longest spelling starts at
// rune index i of s, and that spelling.
func (l *Lexicon) NationalAt(s []rune, i int) (Body, string, bool) {
	w := l.natDict.At(s, i)
	if w == "" {
		return Body{}, "", false
	}
	return l.national[l.natByForm[w]], w, true
}

// NationalBefore returns the longest spelling of a national body that ends
// at rune index end of s, or "".
func (l *Lexicon) NationalBefore(s []rune, end int) string { return l.natDict.Before(s, end) }

// IsSurname reports whether r is a one-character surname.
func (l *Lexicon) IsSurname(r rune) bool { return l.surnames[string(r)] }

// IndustryAt returns the industry whose longest spelling starts at rune index
// i of s, and that spelling's length.
func (l *Lexicon) IndustryAt(s []rune, i int) (*Industry, int) {
	if w := l.indDict.At(s, i); w != "" {
		return l.industries[w], runeLen(w)
	}
	return nil, 0
}

// Industry returns the industry one spelling names.
func (l *Lexicon) Industry(form string) *Industry { return l.industries[form] }

// Is reports whether word has the cue role.
func (l *Lexicon) Is(role Role, word string) bool { return role < roleEnd && l.cues[role][word] }

// CueAt returns the longest word of role that starts at rune index i of s.
func (l *Lexicon) CueAt(role Role, s []rune, i int) (string, bool) {
	if role >= roleEnd {
		return "", false
	}
	d := l.cueDicts[role]
	if d == nil {
		return "", false
	}
	w := d.At(s, i)
	return w, w != ""
}

// CueBefore returns the longest word of role that ends at rune index end.
func (l *Lexicon) CueBefore(role Role, s []rune, end int) (string, bool) {
	if role >= roleEnd {
		return "", false
	}
	d := l.cueDicts[role]
	if d == nil {
		return "", false
	}
	w := d.Before(s, end)
	return w, w != ""
}

// Words returns every word of a role, longest first; like Postfixes, the
// lexicon's own slice, clipped, for callers that only read it.
func (l *Lexicon) Words(role Role) []string {
	if role >= roleEnd {
		return nil
	}
	return slices.Clip(l.cueList[role])
}

// TitleWords returns every title, for the segmenter's dictionary.
func (l *Lexicon) TitleWords() []string {
	out := make([]string, 0, len(l.Titles))
	for t := range l.Titles {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// IndustryWords returns every industry spelling, for the segmenter.
func (l *Lexicon) IndustryWords() []string {
	out := make([]string, 0, len(l.industries))
	for w := range l.industries {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}
