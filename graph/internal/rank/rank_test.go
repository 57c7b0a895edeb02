package rank_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policygraph/policygraph/graph"
	"github.com/policygraph/policygraph/graph/internal/rank"
)

func TestMatchesSearch(t *testing.T) {
	if rank.Matches("", "anything") {
		t.Errorf("an empty query matched")
	}
	if !rank.Matches("ai", "人工智能ＡＩ") || !rank.Matches("株洲", "湖南株洲") {
		t.Errorf("a folded query did not match")
	}
	if rank.Matches("ＡＩ", "AI") {
		t.Errorf("MatchesSearch takes a folded query; an unfolded one should not match")
	}
}

func cand(id, name string, aliases []string, sentences ...graph.Evidence) rank.Candidate {
	return rank.Candidate{Node: graph.Node{ID: id, Label: graph.Organization, Name: name, Aliases: aliases}, Sentences: sentences}
}

func ev(doc, sentence string, start int) graph.Evidence {
	return graph.Evidence{Document: doc, Sentence: sentence, Start: start, End: start + utf8.RuneCountInString(sentence)}
}

type hitView struct {
	ID, Field, Snippet, Document string
	Start, End                   int
}

func view(hs []graph.SearchHit) []hitView {
	var out []hitView
	for _, h := range hs {
		out = append(out, hitView{h.Node.ID, h.Field, h.Snippet, h.Document, h.Start, h.End})
	}
	return out
}

func TestRankSearchOrder(t *testing.T) {
	cands := []rank.Candidate{
		cand("f", "黎婷", nil, ev("document:a", "黎婷在株洲调研。", 0)),
		cand("e", "中车", []string{"中车株洲所"}),
		cand("d", "湖南株洲", nil),
		cand("c", "株洲跃达建筑", nil),
		cand("b", "株洲市", []string{"株洲"}),
		cand("a", "株洲", nil),
		cand("x", "醴陵市", []string{"醴陵"}), // no match at all
	}
	hits := rank.Rank("株洲", cands, 0)
	want := []hitView{
		{"a", "name", "株洲", "", 0, 2},
		{"b", "alias", "株洲", "", 0, 2},
		{"c", "name", "株洲跃达建筑", "", 0, 2},
		{"d", "name", "湖南株洲", "", 2, 4},
		{"e", "alias", "中车株洲所", "", 2, 4},
		{"f", "evidence", "黎婷在株洲调研。", "document:a", 3, 5},
	}
	if got := view(hits); !reflect.DeepEqual(got, want) {
		t.Errorf("hits:\n got %v\nwant %v", got, want)
	}
	for i := 1; i < len(hits); i++ {
		if hits[i-1].Score <= hits[i].Score {
			t.Errorf("scores not decreasing: %v", hits)
		}
	}
	// Every score tier lies above the next whatever the name lengths.
	if hits[0].Score != 100 || hits[1].Score != 90 || hits[2].Score >= 90 || hits[2].Score <= 80 ||
		hits[3].Score >= 70 || hits[3].Score <= 60 || hits[4].Score >= 50 || hits[4].Score <= 40 || hits[5].Score > 30 {
		t.Errorf("scores outside their tiers: %v", hits)
	}
	if got := rank.Rank("株洲", cands, 2); len(got) != 2 || got[0].Node.ID != "a" || got[1].Node.ID != "b" {
		t.Errorf("limit 2: %v", view(got))
	}
	// The query is trimmed and folded; blank queries find nothing.
	if got := view(rank.Rank("  株洲\t", cands, 1)); len(got) != 1 || got[0].ID != "a" {
		t.Errorf("padded query: %v", got)
	}
	for _, q := range []string{"", "   ", "\u3000"} {
		if got := rank.Rank(q, cands, 0); len(got) != 0 {
			t.Errorf("query %q found %v", q, view(got))
		}
	}
}

func TestRankSearchTies(t *testing.T) {
	many := func(n int) []graph.Evidence {
		var out []graph.Evidence
		for i := 0; i < n; i++ {
			out = append(out, ev("document:a", fmt.Sprintf("第%d句提到产业。", i), 10*i))
		}
		return out
	}
	cases := []struct {
		name  string
		cands []rank.Candidate
		want  []string
	}{
		{"more sentences first at equal score (both capped at 10)", []rank.Candidate{
			cand("a", "甲", nil, many(11)...), cand("b", "乙", nil, many(12)...)}, []string{"b", "a"}},
		{"more sentences score higher below the cap", []rank.Candidate{
			cand("a", "甲", nil, many(2)...), cand("b", "乙乙乙", nil, many(3)...)}, []string{"b", "a"}},
		{"then the shorter name", []rank.Candidate{
			cand("a", "甲甲甲", nil, many(2)...), cand("b", "乙", nil, many(2)...), cand("c", "丙丙", nil, many(2)...)}, []string{"b", "c", "a"}},
		{"then the id", []rank.Candidate{
			cand("c", "丙", nil, many(1)...), cand("a", "甲", nil, many(1)...), cand("b", "乙", nil, many(1)...)}, []string{"a", "b", "c"}},
		{"alias ties: evidence count, then shorter name", []rank.Candidate{
			cand("a", "园区甲", []string{"产业"}), cand("b", "链乙", []string{"产业"}), cand("c", "基金会丙丁", []string{"产业"}, many(1)...)},
			[]string{"c", "b", "a"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, h := range rank.Rank("产业", c.cands, 0) {
				got = append(got, h.Node.ID)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("order %v, want %v", got, c.want)
			}
			// Candidate order does not matter.
			rev := make([]rank.Candidate, len(c.cands))
			for i, x := range c.cands {
				rev[len(rev)-1-i] = x
			}
			if a, b := rank.Rank("产业", c.cands, 0), rank.Rank("产业", rev, 0); !reflect.DeepEqual(a, b) {
				t.Errorf("reversed candidates rank differently")
			}
		})
	}
}

func TestRankSearchSnippets(t *testing.T) {
	pad := func(n int) string { return strings.Repeat("文", n) }
	cases := []struct {
		name      string
		sentence  string
		query     string
		snippet   string
		start     int
		ellipsisL bool
		ellipsisR bool
	}{
		{"short sentence whole", "推动硬质材料产业发展。", "硬质材料", "推动硬质材料产业发展。", 2, false, false},
		{"cut on the left", pad(100) + "硬质材料" + pad(10), "硬质材料", "…" + pad(40) + "硬质材料" + pad(10), 41, true, false},
		{"cut on the right", pad(5) + "硬质材料" + pad(100), "硬质材料", pad(5) + "硬质材料" + pad(40) + "…", 5, false, true},
		{"cut on both sides", pad(60) + "硬质材料" + pad(60), "硬质材料", "…" + pad(40) + "硬质材料" + pad(40) + "…", 41, true, true},
		{"exactly the pad", pad(40) + "硬质材料" + pad(40), "硬质材料", pad(40) + "硬质材料" + pad(40), 40, false, false},
		{"full-width text, folded query", pad(50) + "ＡＩ赋能" + pad(3), "ai", "…" + pad(40) + "ＡＩ赋能" + pad(3), 41, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			hits := rank.Rank(c.query, []rank.Candidate{cand("n", "无关", nil, ev("document:a", c.sentence, 7))}, 0)
			if len(hits) != 1 {
				t.Fatalf("hits %v", view(hits))
			}
			h := hits[0]
			if h.Field != "evidence" || h.Document != "document:a" {
				t.Errorf("field %q document %q", h.Field, h.Document)
			}
			if h.Snippet != c.snippet || h.Start != c.start {
				t.Errorf("snippet %q start %d, want %q start %d", h.Snippet, h.Start, c.snippet, c.start)
			}
			r := []rune(h.Snippet)
			if h.End != h.Start+utf8.RuneCountInString(c.query) || h.End > len(r) || graph.Fold(string(r[h.Start:h.End])) != graph.Fold(c.query) {
				t.Errorf("offsets [%d,%d) do not mark %q in %q", h.Start, h.End, c.query, h.Snippet)
			}
			if strings.HasPrefix(h.Snippet, "…") != c.ellipsisL || strings.HasSuffix(h.Snippet, "…") != c.ellipsisR {
				t.Errorf("ellipses wrong in %q", h.Snippet)
			}
		})
	}
}

func TestRankSearchCitesEarliestSentence(t *testing.T) {
	c := cand("n", "无关", nil,
		ev("document:b", "乙报告提到产业。", 0),
		ev("document:a", "甲报告后文提到产业。", 50),
		ev("document:a", "甲报告开头提到产业。", 10),
	)
	hits := rank.Rank("产业", []rank.Candidate{c}, 0)
	if len(hits) != 1 || hits[0].Document != "document:a" || hits[0].Snippet != "甲报告开头提到产业。" {
		t.Fatalf("hits %v, want the sentence at 10 in document:a", view(hits))
	}
	if hits[0].Score != 23 {
		t.Errorf("score %v, want 20 + 3 sentences", hits[0].Score)
	}
	// Two different sentences claiming the same offsets (inconsistent
	// input) still give one answer whatever order the store found them in.
	x := cand("n", "无关", nil, ev("document:a", "产业甲。", 10), ev("document:a", "产业乙。", 10))
	y := cand("n", "无关", nil, ev("document:a", "产业乙。", 10), ev("document:a", "产业甲。", 10))
	if a, b := rank.Rank("产业", []rank.Candidate{x}, 0), rank.Rank("产业", []rank.Candidate{y}, 0); !reflect.DeepEqual(a, b) {
		t.Errorf("order of equal-offset sentences changes the hit: %v vs %v", view(a), view(b))
	}
	// A name match wins over evidence and cites no document.
	c.Node.Name = "产业园"
	hits = rank.Rank("产业", []rank.Candidate{c}, 0)
	if hits[0].Field != "name" || hits[0].Document != "" || hits[0].Snippet != "产业园" {
		t.Errorf("name hit %v", view(hits))
	}
}

func TestRankSearchFullWidth(t *testing.T) {
	cands := []rank.Candidate{
		cand("ai", "人工智能", []string{"AI", "人工智能+"}),
		cand("corp", "ＡＢＣ科技公司", nil),
	}
	got := view(rank.Rank("ａｉ", cands, 0))
	want := []hitView{{"ai", "alias", "AI", "", 0, 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ａｉ: %v, want %v", got, want)
	}
	got = view(rank.Rank("BC科技", cands, 0))
	want = []hitView{{"corp", "name", "ＡＢＣ科技公司", "", 1, 5}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("BC科技: %v, want %v", got, want)
	}
}
